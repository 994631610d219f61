"""Arbitrary Vietnamese (and hostile) text in every free-text field never breaks a form or its page count."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counterdesk.printing import samples
from counterdesk.printing.apology import render_apology
from counterdesk.printing.control_sheet import render_control_sheet
from counterdesk.printing.forms_data import DocumentLine, HandoverRow, Representative
from counterdesk.printing.rasterise import page_count
from counterdesk.printing.receipt import render_receipt
from counterdesk.printing.refusal import render_refusal
from counterdesk.printing.return_slip import render_return_slip
from counterdesk.printing.supplement import render_supplement
from counterdesk.printing.withdrawal import render_withdrawal

VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
# Vietnamese letters and spaces mostly, plus markup-looking and control characters, combining marks,
# and anything else Unicode offers (no glyph must not mean an exception).
text = st.one_of(
    st.text(alphabet=st.sampled_from(VIET + "  ,.-/()&<>\"'"), max_size=400),
    st.text(max_size=120),
    st.text(alphabet=st.sampled_from("\u0300\u0301\u0303\u0309\u0323\x00\x07\t\n\r\u200b\ufeff<b>&;"), max_size=40),
)
fast = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fast
@given(name=text, address=text, procedure=text, doc=text, rep=text, explanation=text, clerk=text)
def test_receipt_never_raises_and_stays_two_pages(
    name: str, address: str, procedure: str, doc: str, rep: str, explanation: str, clerk: str
) -> None:
    data = replace(
        samples.worst_receipt(),
        applicant_name=name,
        applicant_address=address,
        procedure_name=procedure,
        documents=tuple(DocumentLine(name=doc + str(i), originals=i, copies=99) for i in range(10)),
        representative=Representative(name=rep, address=address, authorisation=rep),
        due_explanation=explanation,
        clerk_name=clerk,
        delivery_text=address,
    )
    assert page_count(render_receipt(data)) == 2


@fast
@given(name=text, reason=text, items=st.lists(text, max_size=8), office=text)
def test_one_page_forms_never_raise(name: str, reason: str, items: list[str], office: str) -> None:
    header = replace(samples.OFFICE, office_name=office, parent_name=office, place_name=name, head_name=name)
    pdfs = [
        render_supplement(replace(samples.supplement(), office=header, applicant_name=name, reason=reason,
                                  items=tuple(items))),
        render_refusal(replace(samples.refusal(), office=header, applicant_name=name, reason=reason)),
        render_apology(replace(samples.apology(), office=header, applicant_name=name, reason=reason)),
        render_withdrawal(replace(samples.withdrawal(), office=header, applicant_name=name, reason=reason,
                                  returned_documents=reason)),
        render_return_slip(replace(samples.return_slip(), office=header, receiver_name=name, result_text=reason)),
    ]
    assert [page_count(pdf) for pdf in pdfs] == [1] * 5


@fast
@given(units=st.lists(st.tuples(text, text, text), max_size=6), handling=text)
def test_control_sheet_never_raises(units: list[tuple[str, str, str]], handling: str) -> None:
    rows = tuple(HandoverRow(giver_unit=a, receiver_unit=b, at=samples.RECEIVED, note=c, result="late")
                 for a, b, c in units)
    pdf = render_control_sheet(replace(samples.control_sheet(), rows=rows, handling_unit=handling))
    assert page_count(pdf) >= 1
