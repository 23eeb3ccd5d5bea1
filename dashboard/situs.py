"""The static public site of a published year: read as the public viewer, then written as plain files.

`python -m dashboard site --year Y [--framework CODE] --out DIR` calls `write_site`; when the app has
a site folder configured (TERA_SITE_DIR), a publication change rewrites (or removes) that year's site
at once through `write_site_on_publication`. Only the viewer-aware public reads are used, so the site
holds exactly what an anonymous visitor of the app may see.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from dashboard.render.situs import SiteContent, write_site_files
from dashboard.state.history import compute_visible_history
from ingest.access import PUBLIC_VIEWER, load_publications, load_published
from ingest.access.reads import load_final_levels
from ingest.errors import AccessDenied
from ingest.frameworks.catalog import FrameworkCatalog

SITE_DIR_ENV = "TERA_SITE_DIR"
APP_URL_ENV = "TERA_APP_URL"


def read_site_content(engine: Engine, year: int, framework_code: str | None = None,
                      app_url: str | None = None) -> SiteContent:
    """Return what the public may see of `year` in a framework (default: the year's); `AccessDenied` when not published."""
    catalog = FrameworkCatalog.from_store(engine)
    framework = catalog.resolve(framework_code, year)
    published = load_published(engine)
    if (int(year), framework.code) not in published:
        raise AccessDenied(f"the results of {year} in framework {framework.code} are not published")
    # The same read as the public viewer in the app (publication snapshots, masked, ranked among published results),
    # each result scored with the version it was loaded under (a new version rescores nothing) ...
    versions = catalog.version_frameworks(framework.code)
    history = compute_visible_history(engine, framework, PUBLIC_VIEWER, versions)
    used = history.loc[history["year"] == int(year), "framework_version"].dropna()
    # ... and named in the words of the version the year's results use (band names and colours, node names).
    framework = versions[int(used.max())] if len(used) else framework
    final = load_final_levels(engine, PUBLIC_VIEWER, int(year), framework=framework.code)
    settings = load_publications(engine)
    chosen = settings[(settings["year"] == int(year)) & (settings["framework_code"] == framework.code)]
    published_at = chosen["changed_at"].iloc[0] if len(chosen) else None
    return SiteContent(framework=framework, year=int(year), history=history, final=final,
                       published_at=published_at if isinstance(published_at, datetime) else None,
                       generated_at=datetime.now(UTC),
                       app_url=app_url if app_url is not None else os.environ.get(APP_URL_ENV, "/"))


def write_site(engine: Engine, year: int, out: Path, framework_code: str | None = None,
               app_url: str | None = None) -> list[Path]:
    """Write the public site of `year` into `out`, replacing it whole (readers never see half a site); return the files."""
    content = read_site_content(engine, year, framework_code, app_url)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        written = write_site_files(content, fresh)
        fresh.chmod(0o755)  # mkdtemp makes 0700; the web server reads the folder
        old = out.with_name(f".{out.name}-old")
        if out.exists():
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
        fresh.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return [out / path.relative_to(fresh) for path in written]


def site_folder(root: Path, year: int, framework_code: str) -> Path:
    """Return the folder of one published year's site under the configured site root: ROOT/FRAMEWORK/YEAR."""
    return Path(root) / framework_code / str(int(year))


def write_site_on_publication(engine: Engine, year: int, framework_code: str) -> Path | None:
    """Rewrite (published) or remove (unpublished) the year's site under TERA_SITE_DIR; None when no folder is set."""
    root = os.environ.get(SITE_DIR_ENV, "").strip()
    if not root:
        return None
    folder = site_folder(Path(root), year, framework_code)
    if (int(year), framework_code) in load_published(engine):
        write_site(engine, year, folder, framework_code)
    else:
        shutil.rmtree(folder, ignore_errors=True)  # nothing stays public once unpublished
    return folder
