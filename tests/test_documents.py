"""Word (.docx) and PDF articles in the folder are read as their text (store/extract/documents.py).

The documents are written here by python-docx and fpdf2, as a newsroom's tools write them:
a title in the properties or a Title paragraph, running headers and footers on PDF pages,
paragraphs wrapped into lines, a word hyphenated across two lines.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from fpdf import FPDF
from sqlalchemy import select

from store.extract import documents
from store.extract.article import parse_article
from store.extract.documents import DOCX, PDF, document_kind, document_text
from store.models import Article, Fact
from store.runtime import Store
from tests.conftest import write

LEAD = ("The Arventan and Belostian delegations met in Geneva on Tuesday for a second round of talks "
        "on the Kessel dam and its reservoir, the Swiss mediator said.")
QUOTE = "“We are closer than ever,” said Tomás Ibarra, who leads the Belostian delegation."
AGREED = ("Both sides agreed to a joint inspection of the dam’s turbines in May and to release 900 cubic "
          "metres of water per second in the dry season, according to a statement read after the talks.")


def word_document(title: str | None, paragraphs: list[str], title_style: bool = False) -> bytes:
    doc = docx.Document()
    if title and title_style:
        doc.add_heading(title, level=0)  # the Title style
    elif title:
        doc.core_properties.title = title
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


class _Printed(FPDF):
    """A page as a browser or a newspaper's system prints it: the outlet and time on top of every
    page, the page number at the bottom."""

    def header(self) -> None:
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, "Alpine Wire - 10 April 2024, 14:02", new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", size=11)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")


def pdf_document(title: str, paragraphs: list[str | list[str]], password: str | None = None) -> bytes:
    """``paragraphs``: text wrapped by fpdf, or a list of lines set as given (to hyphenate a word)."""
    pdf = _Printed()
    pdf.set_title(title)
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    for p in paragraphs:
        if isinstance(p, list):
            for line in p:
                pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.multi_cell(0, 6, p, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())


def blank_pdf() -> bytes:
    """A page with no text on it, as a scanner makes (its image left out)."""
    pdf = FPDF()
    pdf.add_page()
    return bytes(pdf.output())


def ascii_only(text: str) -> str:  # fpdf's core fonts are Latin-1
    return text.replace("“", '"').replace("”", '"').replace("’", "'")


def facts_of(store: Store) -> list[str]:
    with store.sessions() as s:
        return list(s.scalars(select(Fact.text).order_by(Fact.position)))


def test_a_word_document_is_read_as_its_title_and_paragraphs(store: Store, tmp_path: Path) -> None:
    """A .docx failed as "binary file (a Word ... document)"; its paragraphs are the facts now,
    and its title the article's."""
    write(tmp_path / "docs", "release.docx", word_document("Dam talks resume in Geneva", [LEAD, QUOTE, AGREED]))
    report = store.ingest(tmp_path / "docs")

    assert (report.new, report.failed) == (1, 0)
    assert facts_of(store) == [LEAD, QUOTE, AGREED]
    with store.sessions() as s:
        article = s.scalars(select(Article)).one()
        assert article.title == "Dam talks resume in Geneva"
        facts = s.scalars(select(Fact)).all()
        assert all(article.raw_text[f.start:f.end] == f.text for f in facts), "citations point into the text kept"
        assert any(f.speaker == "Tomás Ibarra" for f in facts)


def test_a_word_document_in_the_wire_format_keeps_its_date_line(store: Store, tmp_path: Path) -> None:
    """A title styled as such is the headline, and a first paragraph in the seeds' format
    (`` date 2024-04-10 ...``) dates the article, as it does a text file."""
    dated = word_document("Water deal at the dam talks",
                          [f" date 2024-04-10 {LEAD}", QUOTE], title_style=True)
    write(tmp_path / "docs", "dated.docx", dated)
    store.ingest(tmp_path / "docs")

    with store.sessions() as s:
        article = s.scalars(select(Article)).one()
        assert (article.published, article.date_source) == (dt.date(2024, 4, 10), "front_matter")
    assert facts_of(store) == [LEAD, QUOTE]


AGREED_IN_JUNE = AGREED.replace("in May", "in June")  # a sentence of the same length: the same page break


def test_a_printed_pdf_is_read_without_its_running_headers_and_page_numbers(store: Store, tmp_path: Path) -> None:
    """Two pages: the outlet and the print time on top of each, "Page N of 2" under each, the
    paragraphs wrapped into lines, "reser-/voir" hyphenated across two lines, and a paragraph
    running on from the first page to the second. The facts are the article's sentences whole."""
    filler = [ascii_only(f"Paragraph {n} of the report says the delegations talked about the dam in Geneva "
                         f"for several hours on Tuesday, and that the mediator kept the talks going until "
                         f"late in the evening.") for n in range(1, 30)]
    hyphenated = ["The talks ended with an agreement on the level of the reser-",
                  "voir in the dry season, a diplomat said, and with a date for the next round of talks."]
    pdf = pdf_document("Dam talks resume in Geneva", [ascii_only(LEAD), ascii_only(QUOTE), *filler[:14],
                                                      ascii_only(f"{AGREED} {AGREED_IN_JUNE}"), *filler[14:],
                                                      hyphenated])
    first_page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().rsplit("\n", 2)[-2]
    assert first_page.endswith("per second in the dry"), "the paragraph runs on to the second page"
    write(tmp_path / "pdfs", "printed.pdf", pdf)
    report = store.ingest(tmp_path / "pdfs")

    assert (report.new, report.failed) == (1, 0)
    facts = facts_of(store)
    assert facts[:2] == [ascii_only(LEAD), ascii_only(QUOTE)]
    assert ("The talks ended with an agreement on the level of the reservoir in the dry season, a diplomat said, "
            "and with a date for the next round of talks.") in facts
    assert {ascii_only(AGREED), ascii_only(AGREED_IN_JUNE)} <= set(facts), "the paragraph across the page is whole"
    with store.sessions() as s:
        article = s.scalars(select(Article)).one()
        assert article.title == "Dam talks resume in Geneva"
        assert not any(w in article.raw_text for w in ("Page 1", "Page 2", "14:02", "Alpine Wire"))


@pytest.mark.parametrize(("content", "reason"), [
    (lambda: pdf_document("Dam talks", [ascii_only(LEAD)], password="secret"), "a PDF document locked with a password"),
    (lambda: blank_pdf(), "a PDF document with no text in it (a scan?"),
    (lambda: b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a PDF document that cannot be read"),
    (lambda: word_document(None, ["", "   "]), "a Word document with no text in it"),
])
def test_documents_that_cannot_be_read_fail_with_the_reason(store: Store, tmp_path: Path, dam_folder: Path,
                                                          content: object, reason: str) -> None:
    write(dam_folder, "statement.bin", content())  # type: ignore[operator]
    report = store.ingest(dam_folder)

    assert (report.new, report.failed) == (4, 1)
    assert reason in report.failures[0].reason, report.failures[0].reason


def test_a_zipped_document_that_is_not_word_is_named(tmp_path: Path) -> None:
    """An OpenDocument text is a zip too; python-docx cannot read it, and it is not taken for one."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    assert document_kind(out.getvalue()) is None
    assert document_kind(word_document("T", [LEAD])) == DOCX
    assert document_kind(pdf_document("T", [ascii_only(LEAD)])) == PDF


def test_a_word_document_dated_by_its_first_line_dates_the_undated_articles(store: Store, tmp_path: Path) -> None:
    """Ingest reads dated files first, so an undated article's "March 10" takes the corpus's year.
    A document's date line is not in its first bytes (they are zipped): read as undated, the Word
    file came after the undated text, which then had no year to take."""
    folder = tmp_path / "mixed"
    write(folder, "a_undated.txt", "The two delegations agreed on March 10 to meet again within days.\n"
                                   "On Thursday the delegations met again in Geneva for five hours, a diplomat said.\n")
    write(folder, "b_dated.docx", word_document(None, [f"date 2024-04-10 {LEAD}", QUOTE]))
    report = store.ingest(folder)

    assert (report.new, report.failed) == (2, 0)
    with store.sessions() as s:
        dates = sorted(s.scalars(select(Article.published)).all())
    assert dates == [dt.date(2024, 3, 14), dt.date(2024, 4, 10)]


def test_a_title_ending_in_a_full_stop_is_the_title_not_a_fact(store: Store, tmp_path: Path) -> None:
    """The title was put back as the document's first line, where the extractor takes only a short
    line without a full stop for a headline: this one was a fact, and the article had no title."""
    title = "Dam talks: both sides agree to meet again in May."
    write(tmp_path / "docs", "titled.docx", word_document(title, [LEAD, QUOTE]))
    store.ingest(tmp_path / "docs")

    assert facts_of(store) == [LEAD, QUOTE]
    with store.sessions() as s:
        assert s.scalars(select(Article.title)).one() == title


def test_a_one_page_pdf_with_a_header_above_its_date_line_is_dated(tmp_path: Path) -> None:
    """One page: its running header cannot be told from repetition, and stood before the date line,
    which then dated nothing."""
    text = document_text(pdf_document("Dam talks resume", [ascii_only(f"date 2024-04-10 {LEAD}")]), PDF)
    parsed = parse_article(text)
    assert parsed.published == dt.date(2024, 4, 10) and parsed.title == "Dam talks resume"
    assert parsed.body.strip() == ascii_only(LEAD)


@pytest.mark.parametrize(("title", "size"), [
    # set large, the title wraps into lines short against the body's: each was read as a paragraph
    # of its own, and the date line after them was lost
    ("Arventa and Belostia meet in Geneva for a third round of direct talks on the Kessel dam", 22),
    # nearly as long as the body's lines, it ran on into the date line under it
    ("Arventa and Belostia hold a fifth round of talks on the Kessel dam in Geneva", 13),
])
def test_a_pdf_title_is_one_title_and_the_date_line_under_it_dates(title: str, size: int) -> None:
    pdf = FPDF()
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", size)
    pdf.multi_cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, ascii_only(f"date 2024-04-10 {LEAD} {AGREED}"), new_x="LMARGIN", new_y="NEXT")
    parsed = parse_article(document_text(bytes(pdf.output()), PDF))
    assert (parsed.title, parsed.published) == (title, dt.date(2024, 4, 10))
    assert parsed.body.strip() == ascii_only(f"{LEAD} {AGREED}")


def test_a_sentence_ending_at_the_foot_of_every_page_is_no_footer(tmp_path: Path) -> None:
    """Lines at the top or bottom of half the pages were dropped as running headers, sentences of
    the body among them when the pages happen to end alike."""
    ending = "The delegations met in Geneva and agreed to meet again, a diplomat said in an interview."
    pdf = _Printed()
    pdf.set_font("Helvetica", size=11)
    for n in (1, 2):
        pdf.add_page()
        pdf.multi_cell(0, 6, f"Page {n} of the report tells what the delegations discussed.",
                       new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-40)
        pdf.multi_cell(0, 6, ending, new_x="LMARGIN", new_y="NEXT")
    text = document_text(bytes(pdf.output()), PDF)
    assert text.count(ending) == 2 and "Alpine Wire" not in text


def test_a_press_release_is_dated_and_titled_as_it_states(store: Store, tmp_path: Path) -> None:
    """A release opens with labels, then its title, then "NAIROBI, 20 June 2026 – ...". It was dated
    from the latest date in its text (a meeting set for September), titled nothing, and filed in
    "Press Release"; its first fact began with the dateline."""
    doc = docx.Document()
    doc.add_paragraph("PRESS RELEASE")
    doc.add_paragraph("FOR IMMEDIATE RELEASE")
    doc.add_heading("Kenya welcomes the Kessel dam agreement", level=1)
    doc.add_paragraph("NAIROBI, 20 June 2026 – The Government of Kenya welcomes the agreement signed by "
                      "Arventa and Belostia in Geneva on Thursday.")
    doc.add_paragraph("A joint commission will meet for the first time on 21 September 2026 in Geneva, the "
                      "ministry said.")
    out = io.BytesIO()
    doc.save(out)
    write(tmp_path / "docs", "release.docx", out.getvalue())
    store.ingest(tmp_path / "docs")

    with store.sessions() as s:
        article = s.scalars(select(Article)).one()
        assert (article.title, article.published, article.date_source, article.dateline) == (
            "Kenya welcomes the Kessel dam agreement", dt.date(2026, 6, 20), "dateline", "Nairobi")
    assert facts_of(store)[0] == ("The Government of Kenya welcomes the agreement signed by Arventa and Belostia "
                                  "in Geneva on Thursday.")


def test_a_printed_page_s_also_read_line_is_no_part_of_the_next_paragraph(tmp_path: Path) -> None:
    """"ALSO READ: <another story's headline>" ran into the paragraph under it, and carried round 1's
    words into a round 3 story."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for text in (ascii_only(LEAD), "ALSO READ: Arventa and Belostia agree a ten-day truce after their first talks",
                 ascii_only(AGREED)):
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    text = document_text(bytes(pdf.output()), PDF)
    assert f"\n\n{ascii_only(AGREED)}" in text


def test_a_word_document_that_unpacks_to_far_more_than_an_article_is_refused(
        store: Store, dam_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 444 KB .docx unpacking to 100 MB of paragraphs made a million facts and took 3.7 GB: the
    size limit applied to the file, not to what it unpacks to. (The limit is lowered here so that
    the test need not write such a file.)"""
    monkeypatch.setattr(documents, "MAX_UNPACKED", 50_000)
    write(dam_folder, "bomb.docx", word_document("Talks", [LEAD] * 400))
    report = store.ingest(dam_folder)
    assert (report.new, report.failed) == (4, 1) and "unpacks to" in report.failures[0].reason


@pytest.mark.parametrize("content", [b"PK\x03\x04 junk", lambda: word_document("Talks", [LEAD] * 20)[:900]])
def test_a_damaged_word_document_is_named_as_damaged(store: Store, dam_folder: Path, content: object) -> None:
    """It was "binary file (an OpenDocument or other zipped document) ...: save the article as ...
    .docx", to an operator holding a .docx."""
    write(dam_folder, "statement.docx", content() if callable(content) else content)  # type: ignore[arg-type]
    report = store.ingest(dam_folder)
    assert report.failed == 1 and "damaged" in report.failures[0].reason, report.failures[0].reason
