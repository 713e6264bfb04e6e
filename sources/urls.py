from django.urls import path

from sources import views

urlpatterns = [
    path("", views.article_list, name="article-list"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    path("jobs/", views.job_list, name="job-list"),
]
