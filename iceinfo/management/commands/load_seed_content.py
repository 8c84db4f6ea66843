"""Load the site's seed content (iceinfo/seed/*.yaml, then each app's seed hook). Idempotent."""


from django.core.management.base import BaseCommand

from iceinfo import seeding
from iceinfo.composition import search
from iceinfo.serving.cache import bumps_held


class Command(BaseCommand):
    help = "Load seed content from iceinfo/seed/. Never overwrites an editor's change unless --force."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Overwrite rows that editors changed with the seed's values."
        )

    def handle(self, *args, force=False, **options):
        # The site search index is rebuilt once at the end instead of once per saved row, and the seed
        # records are read once for every file.
        with search.indexing_paused(), seeding.one_index():
            total = self._load(force)
        self.stdout.write(f"search index rebuilt: {search.SearchDocument.objects.count()} documents")
        for skipped in total.skipped:
            self.stdout.write(self.style.WARNING(f"skipped optional record: {skipped}"))
        for kept in total.kept:
            self.stdout.write(self.style.WARNING(f"kept editor's change: {kept}"))
        self.stdout.write(self.style.SUCCESS(f"seed content loaded: {total}"))

    def _load(self, force):
        total = seeding.SeedStats()
        # Each file's thousands of saves move the content version once, when the file is in.
        for path in seeding.seed_files():
            with bumps_held():
                stats = seeding.load_records(seeding.read_seed_file(path), force=force)
            self.stdout.write(f"{path.name}: {stats}")
            total.merge(stats)
        # Domain apps may load data that is not YAML (e.g. the field-office CSV) through seed.load().
        for name, module in seeding.seed_hooks():
            with bumps_held():
                stats = module.load(force=force)
            self.stdout.write(f"{name}: {stats}")
            total.merge(stats)
        return total
