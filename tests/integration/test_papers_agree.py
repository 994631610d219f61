"""One dossier, every paper and screen: they all say the same thing about its timeliness.

Received 16/11 09:00, due 19/11 09:00; the head apologises and gives 25/11; the result is ready
20/11 10:00 and collected 23/11 (before the new date): late everywhere (judged against the first
due moment, docs/rules.md R3/R5), never "(trước hạn)" on the return slip.
"""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from counterdesk.domain.classification import Outcome, word
from counterdesk.services import dossier_forms, lateness, lifecycle, lookup, reports, scorecard
from tests.factories import vn
from tests.integration.test_lifecycle import _actor, _dossier

WORDS = ("Trước hạn", "Đúng hạn", "Quá hạn")


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_every_paper_classifies_the_dossier_alike(store) -> None:
    clerk, head = _actor(store, "canbo1", "clerk"), _actor(store, "lanhdao", "supervisor")
    code = _dossier(store)
    lifecycle.hand_over(store, clerk, code, now=vn("2026-11-16T10:00"))
    lateness.apologise(store, head, code, reason="Chờ xác minh", new_due_at=vn("2026-11-25T09:00"),
                        now=vn("2026-11-18T09:00"))
    lifecycle.result_ready(store, clerk, code, now=vn("2026-11-20T10:00"))
    lifecycle.return_result(store, clerk, code, now=vn("2026-11-23T08:00"))
    late = word(Outcome.LATE)

    slip = _text(dossier_forms.render(dossier_forms.return_slip_data(store, code)))
    assert f"({late.lower()})" in slip and "(trước hạn)" not in slip and "(đúng hạn)" not in slip

    sheet = dossier_forms.control_sheet_data(store, code)
    hand_back = [r for r in sheet.rows if r.at == vn("2026-11-20T10:00")]
    assert [r.result for r in hand_back] == ["late"]  # Mẫu 06's column for the step that ended processing
    sheet_text = _text(dossier_forms.render(sheet))
    assert late in sheet_text

    kiosk = lookup.public_view(store, code)
    assert kiosk.timeliness == late and ("Tiến độ", late) in kiosk.lines()

    drill = scorecard.drill_down(store, date(2026, 11, 1), date(2026, 11, 30), now=vn("2026-12-01T08:00"))
    assert [(d.code, d.outcome_word) for d in drill] == [(code, late)]

    stats = reports.period_statistics(store, date(2026, 11, 1), date(2026, 11, 30), now=vn("2026-12-01T08:00"))
    assert (stats.total.early, stats.total.on_time, stats.total.late) == (0, 0, 1)
    card = scorecard.to_json(scorecard.scorecard(store, date(2026, 11, 1), date(2026, 11, 30),
                                                 now=vn("2026-12-01T08:00")))
    assert card["total"]["late"] == 1 and card["total"]["on_time_rate"] == 0.0


def test_book_marks_dossiers_not_accepted(store) -> None:
    from counterdesk.printing import daily_log as daily_log_pdf
    from tests.factories import make_dossier

    with store.write() as s:
        refused = make_dossier(s, received_at=vn("2026-11-16T09:00"), due_at=None, status=3, accepted=False,
                               finished_at=vn("2026-11-16T09:00")).code
        make_dossier(s, received_at=vn("2026-11-16T10:00"), due_at=None, procedure_code="2.000815")
    log = reports.daily_log(store, date(2026, 11, 16))
    assert [(r.code, bool(r.not_accepted)) for r in log.rows[:1]] == [(refused, True)]
    text = _text(daily_log_pdf.render(log))
    assert text.count("Không tiếp nhận") == 1 and text.count("Trả ngay") == 1
