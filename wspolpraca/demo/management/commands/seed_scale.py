"""Build scale data for benchmarks and drills: `manage.py seed_scale --size plock|city|national`.

See wspolpraca/demo/scale.py for what is built and docs/scale.md for the sizes.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from wspolpraca.demo.scale import SIZES, Builder, scale_data_present, wipe_scale_data


class Command(BaseCommand):
    help = "Build a large, coherent data set with bulk inserts (benchmarks, drills). Refuses to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="plock")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiply the size's counts (e.g. 0.01 for a quick check)."
        )
        parser.add_argument("--force", action="store_true", help="Wipe existing scale data first.")
        parser.add_argument(
            "--password",
            default=None,
            help="Give every scale account this password (for load tests); by default they cannot sign in.",
        )
        parser.add_argument("--json", dest="json_path", default=None, help="Also write the timings here as JSON.")

    def handle(self, *args, size, scale, force, password, json_path, **options):
        if size == "national" and scale >= 1:
            raise CommandError(
                "The national size is a projection only (docs/scale.md): it does not fit this machine. "
                "Use --scale to build a fraction of it."
            )
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        if scale_data_present():
            if not force:
                raise CommandError(
                    "This database already holds scale data (users @skala.example.org, calls skala-…). "
                    "Run with --force to wipe it and build again."
                )
            self.stdout.write("Wiping the existing scale data…")
            wipe_scale_data(self.stdout)
        spec = SIZES[size]
        self.stdout.write(f"Building scale data '{size}' ({spec.description}), scale {scale}…")
        report = Builder(spec, scale=scale, password=password, stdout=self.stdout).run()
        for label, count in report["counts"].items():
            self.stdout.write(f"  {label:40} {count:>10}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{report['rows']} rows in {report['seconds']} s ({report['rows_per_second']} rows/s) "
                f"on {report['database']}."
            )
        )
        if json_path:
            with open(json_path, "w", encoding="utf-8") as fh:
                json.dump(report, fh, indent=2, sort_keys=True)
