"""Printing glue: a stored ticket's slip as plain data for printing/, and the configured printer.

printing/ never imports services: the queue hands it a TicketSlip and gets bytes or a place back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from counterdesk.services import settings
from counterdesk.services.queue.issue import mark_printed, slip_data
from counterdesk.services.queue.model import IssuedTicket
from counterdesk.store.uow import Store

if TYPE_CHECKING:  # printing loads Pillow, barcodes and reportlab: only when a slip is made
    from counterdesk.printing.ticket import TicketPrinter, TicketSlip


def slip(issued: IssuedTicket) -> TicketSlip:
    from counterdesk.printing.ticket import TicketSlip

    t = issued.ticket
    return TicketSlip(ticket_id=t.id, number=t.number, line_name=t.line_name, priority=t.priority,
                      issued_at=t.issued_at, ahead=issued.ahead, office_name=issued.office_name,
                      dossier_code=t.dossier_code)


def ticket_printer(store: Store, home: Path) -> TicketPrinter:
    """The printer of the ``printer.ticket`` setting (PDFs in ``home``/tickets by default)."""
    from counterdesk.printing.ticket import printer_from_spec

    return printer_from_spec(settings.get(store, "printer.ticket") or "pdf", home)


def print_ticket(store: Store, ticket_id: int, printer: TicketPrinter) -> str:
    """Print (or reprint) a stored ticket's slip; slow, so the UI runs it off the GUI thread.

    Raises PrinterError when the printer fails; the ticket stays stored and unprinted."""
    where = printer.print_slip(slip(slip_data(store, ticket_id)))
    mark_printed(store, ticket_id)
    return where
