"""Files Tera writes for people to fill in or to read: the evaluation workbook and report-style recaps."""

from ingest.template.evaluation import TEMPLATE_VERSION, template_columns, write_template
from ingest.template.recap import write_recap

__all__ = ["TEMPLATE_VERSION", "template_columns", "write_recap", "write_template"]
