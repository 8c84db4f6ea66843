"""Rewrite the site search index from the content (saves keep it current; this repairs it)."""

from django.core.management.base import BaseCommand

from iceinfo.composition import search


class Command(BaseCommand):
    help = "Rebuild the site search index (every published or scheduled row, in every language)."

    def handle(self, *args, **options):
        written = search.rebuild_index()
        self.stdout.write(self.style.SUCCESS(f"search index rebuilt: {written} documents"))
