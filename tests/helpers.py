"""Kept only until the parallel branches are merged: the test helpers now live by purpose in tests/support/."""

from tests.support import REPO_ROOT  # noqa: F401
from tests.support.apptest import APP, link_names, open_page, page_texts, table_cells  # noqa: F401
from tests.support.browser import (  # noqa: F401
    BROWSER_MARKS,
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    free_port,
    full_shot,
    open_settled,
    settle,
    streamlit_server,
)
from tests.support.frameworks import (  # noqa: F401
    FRAMEWORK_DATA,
    INFO_HEADER,
    KERANGKA_HEADER,
    PREDIKAT_HEADER,
    SKALA_HEADER,
    make_framework,
    percent_workbook_sheets,
    read_yaml,
    spbe_workbook_sheets,
)
from tests.support.reference import reference_dir
from tests.support.stores import (  # noqa: F401
    ACCESS_AGENCY,
    ACCESS_EVALUATOR,
    ACCESS_PASSWORD,
    POSTGRES_URL,
    copy_store,
    make_access_store,
    postgres_answers,
    sample_agency,
    seed_dashboard_store,
)

SHARED_REFERENCE = reference_dir()
_postgres_answers = postgres_answers
