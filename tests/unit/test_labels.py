"""Every code a user could see has a Vietnamese label, written once in domain/labels.py."""

from __future__ import annotations

import re
from pathlib import Path

from counterdesk.domain import labels
from counterdesk.domain.status import TRANSITIONS

SERVICES = Path(__file__).resolve().parents[2] / "counterdesk" / "services"


def _kinds_written_by_services() -> set[str]:
    """Event kinds the services write literally (DossierEvent kind=…, outbox, audit, ticket events)."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in SERVICES.glob("*.py"))
    found = set(re.findall(r'kind="([a-z_.]+)"', text))
    found |= set(re.findall(r'kind = "([a-z_.]+)"', text))
    found |= set(re.findall(r'enqueue_dossier\(session, \w+, "([a-z_.]+)"', text))
    found |= set(re.findall(r'audit\.append\(session, \w+, "([a-z_.]+)"', text))
    found |= set(re.findall(r'_event\(session, \w+, \w+, \w+, "([a-z_]+)"', text))
    found |= set(re.findall(r'_event\(session, ticket, "([a-z_]+)"', text))
    return found


def test_every_event_kind_the_services_write_has_a_label() -> None:
    kinds = _kinds_written_by_services()
    assert {"print", "dossier.received", "received"} <= kinds  # ticket events: domain/ticket_state.py
    unlabelled = sorted(k for k in kinds if labels.event_name(k).startswith("Thao tác khác"))
    assert unlabelled == []


def test_event_names_read_as_vietnamese() -> None:
    assert labels.event_name("print") == "In biểu mẫu"
    assert labels.event_name("dossier.received") == "Tiếp nhận hồ sơ"
    assert labels.event_name("ticket.no_show") == "Vắng mặt"
    assert labels.event_name("dossier.handover") == TRANSITIONS["handover"].name
    assert labels.event_name("something.new") == "Thao tác khác (something.new)"


def test_setting_values_have_labels() -> None:
    assert labels.setting_value("office.due_policy", "same_time").startswith("Cùng giờ")
    assert labels.setting_value("display.voice", "digits").startswith("Đọc từng chữ số")
    assert labels.setting_value("portal.verify_tls", "true") == "Có"
    assert labels.setting_value("office.name", "UBND phường") == "UBND phường"
