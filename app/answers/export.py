"""An answer's rows as CSV or Excel, with the column labels people read and the raw numbers.

Numbers stay numbers (Excel can sum them); Excel cells get the metric's display format
(₩ thousands, percentages) and a second sheet says what the numbers are: the question, how
it was understood, the metric versions and the SQL.
"""

from __future__ import annotations

import io
import math
import re
from decimal import Decimal

import pandas as pd

from app.i18n.catalog import Language, text
from app.pipeline.records import Answer
from app.stages import AppStage
from kernel.errors import UserError
from metrics.model import Format

_EXCEL_FORMATS = {
    Format.CURRENCY: '"₩"#,##0',
    Format.PERCENT: "0.0%",
    Format.INTEGER: "#,##0",
}


def answer_frame(answer: Answer) -> pd.DataFrame:
    """The rows with labelled columns and unformatted values."""
    labels = [c.label or c.name for c in answer.columns] or None
    frame = pd.DataFrame.from_records(list(answer.rows), columns=labels)
    if labels is None and answer.rows:
        frame.columns = [f"column_{i + 1}" for i in range(frame.shape[1])]
    return frame


def to_csv(answer: Answer) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows Korean text instead of mojibake.

    Whole numbers are written as whole numbers: won and counts come back from some
    databases as floats, and "209424215.0" reads as a bug."""
    frame = answer_frame(answer)
    for i in range(frame.shape[1]):
        frame.isetitem(i, frame.iloc[:, i].map(_plain).tolist())
    return frame.to_csv(index=False).encode("utf-8-sig")


def _plain(value: object) -> object:
    """A whole float as an int; anything else as it is.

    >>> _plain(209424215.0), _plain(0.25), _plain("x"), _plain(float("nan"))
    (209424215, 0.25, 'x', nan)
    """
    if isinstance(value, float | Decimal) and math.isfinite(value) and value == int(value):
        return int(value)
    return value


def to_excel(answer: Answer, language: Language = Language.EN) -> bytes:
    """An .xlsx workbook: the result sheet (formatted) and an "About" sheet, named in
    ``language`` — pass the answer as the reader sees it, so its labels match."""
    try:
        import openpyxl  # noqa: F401  (pandas' engine; imported here to say what is missing)
    except ImportError as e:  # pragma: no cover - a dependency of the app
        raise UserError(
            "Excel export needs the openpyxl package.",
            stage=AppStage.PRESENT,
            hint="pip install openpyxl, or download the CSV.",
        ) from e
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        named, about_sheet = text("export.answer", language), text("export.about", language)
        answer_frame(answer).to_excel(writer, sheet_name=named, index=False)
        sheet = writer.sheets[named]
        for i, column in enumerate(answer.columns, start=1):
            number_format = _EXCEL_FORMATS.get(column.format) if column.format else None
            letter = sheet.cell(row=1, column=i).column_letter
            sheet.column_dimensions[letter].width = max(12, len(column.label) + 4)
            for row in range(2, len(answer.rows) + 2):
                if number_format:
                    sheet.cell(row=row, column=i).number_format = number_format
        about = pd.DataFrame(_about(answer, language), columns=["", ""])
        about.to_excel(writer, sheet_name=about_sheet, index=False, header=False)
        writer.sheets[about_sheet].column_dimensions["A"].width = 18
        writer.sheets[about_sheet].column_dimensions["B"].width = 100
    return buffer.getvalue()


def file_stem(answer: Answer) -> str:
    """A file name from the question's words, Korean ones included.

    >>> file_stem(Answer.model_construct(question="지난달 지역별 매출 by region?"))
    'askbi-지난달-지역별-매출-by-region'
    """
    words = re.findall(r"[a-z0-9\uac00-\ud7a3]+", answer.question.lower())[:8]
    return "-".join(["askbi", *words])


def _about(answer: Answer, language: Language) -> list[tuple[str, str]]:
    versions = ", ".join(f"{k} v{v}" for k, v in sorted(answer.metric_versions.items()))
    rows = [
        (text("export.question", language), answer.question),
        (text("export.understood", language), answer.understood),
        (text("export.versions", language), versions),
        (text("export.as_of", language), answer.today.isoformat()),
        ("SQL", answer.sql or ""),
    ]
    return [(k, v) for k, v in rows if v]
