"""Index the speakers stored before SpeakerToken existed, so resolution still finds them."""

from django.db import migrations

from claims.speakers import name_tokens

TOKEN_LENGTH = 100  # SpeakerToken.LENGTH when this migration was written
BATCH = 2000


def fill(apps, schema_editor):
    Speaker = apps.get_model("claims", "Speaker")
    SpeakerToken = apps.get_model("claims", "SpeakerToken")
    rows = []
    for speaker in Speaker.objects.only("name", "aliases").iterator(chunk_size=BATCH):
        tokens = {
            t[:TOKEN_LENGTH] for n in [speaker.name, *speaker.aliases] for t in name_tokens(n)
        }
        rows.extend(SpeakerToken(speaker_id=speaker.pk, token=token) for token in tokens)
        if len(rows) >= BATCH:
            SpeakerToken.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    SpeakerToken.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_speaker_tokens")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
