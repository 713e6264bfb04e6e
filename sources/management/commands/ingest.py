"""`manage.py ingest`: bring articles in from files, folders, URLs, feeds, sitemaps,
JSON Lines and WARC files, with a progress bar and a summary line."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sources import services
from sources.errors import TransientFetchError
from sources.models import IngestJob


class Command(BaseCommand):
    help = "Ingest articles. Files and folders are positional; other sources use flags."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="*", help="HTML or text files, or folders of them")
        parser.add_argument("--url", action="append", default=[], help="a page URL")
        parser.add_argument("--feed", action="append", default=[], help="an RSS/Atom feed URL")
        parser.add_argument("--sitemap", action="append", default=[], help="a sitemap URL")
        parser.add_argument("--jsonl", action="append", default=[], help="a JSON Lines file")
        parser.add_argument("--warc", action="append", default=[], help="a WARC file")
        parser.add_argument("--publisher", default="", help="publisher name for files")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="queue jobs for Celery workers instead of running here",
        )

    def handle(self, *args, **opts) -> None:
        requests = self._requests(opts)
        if not requests:
            raise CommandError(
                "nothing to ingest: give files or folders, or --url/--feed/--sitemap/--jsonl/--warc"
            )
        options = {"publisher": opts["publisher"]} if opts["publisher"] else {}
        if opts["queue"]:
            for kind, source in requests:
                job = services.job_create(kind=kind, source=source, options=options)
                self.stdout.write(f"queued job {job.pk}: {kind} {source}")
            return
        jobs = self._run_all(requests, options, opts["verbosity"])
        self._summarise(jobs)

    def _requests(self, opts) -> list[tuple[str, str]]:
        requests = []
        for raw in opts["paths"]:
            if not Path(raw).exists():
                raise CommandError(f"{raw}: no such file or folder")
            requests.append((IngestJob.Kind.FILE, str(Path(raw))))
        for flag, kind in (
            ("url", "url"),
            ("feed", "feed"),
            ("sitemap", "sitemap"),
            ("jsonl", "jsonl"),
            ("warc", "warc"),
        ):
            requests.extend((kind, value) for value in opts[flag])
        return requests

    def _run_all(self, requests, options, verbosity) -> list[IngestJob]:
        jobs = []
        with tqdm(total=len(requests), unit="job", disable=verbosity == 0, file=self.stderr) as bar:
            for kind, source in requests:
                job = services.job_create(kind=kind, source=source, options=options, enqueue=False)
                bar.set_description(Path(source).name[:40])
                try:
                    services.job_run(
                        job.pk,
                        inline=True,
                        progress=lambda done, total: bar.set_postfix(items=done),
                    )
                except TransientFetchError as exc:
                    services.job_fail(job.pk, str(exc))
                job.refresh_from_db()
                jobs.append(job)
                if job.status == IngestJob.Status.FAILED:
                    bar.write(f"failed: {source}: {job.message}")
                for error in job.errors[:20]:
                    bar.write(f"  skipped: {error}")
                bar.update(1)
        return jobs

    def _summarise(self, jobs: list[IngestJob]) -> None:
        items = sum(max(1, j.items_total) for j in jobs)
        failed = sum(
            j.items_failed if j.items_total else j.status == IngestJob.Status.FAILED for j in jobs
        )
        line = (
            f"ingested {items - failed} of {items} documents in {len(jobs)} job(s); {failed} failed"
        )
        self.stdout.write(line)
        if failed == items:
            raise CommandError("nothing was ingested; see the messages above")
