"""Remove the synthetic sample data from a store, and nothing else."""

from __future__ import annotations

from sqlalchemy import Engine, and_, delete, func, select, update

from ingest.frameworks.published_results import refresh_published_results
from ingest.frameworks.results import save_results
from ingest.store.schema import files, framework_versions, scores, submissions
from ingest.store.version import bump_data_version


def clear_sample(engine: Engine) -> dict[str, int]:
    """Delete every sample submission with its scores, sample file and sample framework; return the counts removed.

    Real submissions and files are never touched; where a real revision sat below a removed sample
    one, the latest real revision becomes current again.
    """
    with engine.begin() as conn:
        sample_ids = select(submissions.c.id).where(submissions.c.is_sample.is_(True))
        keys = conn.execute(select(submissions.c.agency_code, submissions.c.year, submissions.c.stage,
                                   submissions.c.framework_code)
                            .where(submissions.c.is_sample.is_(True)).distinct()).all()
        conn.execute(delete(scores).where(scores.c.submission_id.in_(sample_ids)))
        removed_submissions = conn.execute(delete(submissions).where(submissions.c.is_sample.is_(True))).rowcount
        still_used = select(submissions.c.file_id)
        removed_files = conn.execute(delete(files).where(files.c.is_sample.is_(True), files.c.id.not_in(still_used))).rowcount
        # A sample framework goes too, unless a real submission uses it.
        real_codes = select(submissions.c.framework_code)
        removed_frameworks = conn.execute(delete(framework_versions).where(
            framework_versions.c.is_sample.is_(True), framework_versions.c.code.not_in(real_codes))).rowcount
        for agency_code, year, stage, framework_code in keys:
            same = and_(submissions.c.agency_code == agency_code, submissions.c.year == year, submissions.c.stage == stage,
                        submissions.c.framework_code == framework_code)
            latest = conn.execute(select(func.max(submissions.c.revision)).where(same)).scalar()
            if latest is not None:
                conn.execute(update(submissions).where(same, submissions.c.revision == latest).values(is_current=True))
        # Results of the keys the sample held: recomputed from the real revisions now current, or gone.
        cleared = {(agency_code, int(year), framework_code) for agency_code, year, _stage, framework_code in keys}
        save_results(conn, cleared)
        # Published results resting on sample submissions lose them too (they are gone from the snapshots).
        refresh_published_results(conn, cleared)
        bump_data_version(conn)  # a revision below the sample may be current again: other processes must notice
    return {"submissions": removed_submissions, "files": removed_files, "frameworks": removed_frameworks}
