"""SQLAlchemy models for the whole mission (DESIGN §3); importing this registers every table."""

from counterdesk.models.attachment import DossierAttachment
from counterdesk.models.base import Base
from counterdesk.models.catalog import Procedure, RequiredDocument
from counterdesk.models.dossier import Dossier, DossierEvent, Rating
from counterdesk.models.notice import Notice, NoticeOptOut
from counterdesk.models.office import Counter, CounterLine, Office, ServiceLine, Setting
from counterdesk.models.people import Applicant, User
from counterdesk.models.queue import Ticket, TicketEvent
from counterdesk.models.rollup import StatRollup
from counterdesk.models.search import ApplicantNamePair, ApplicantNameToken
from counterdesk.models.support import (
    AuditEntry,
    CalendarDay,
    CalendarYear,
    DailySequence,
    DayClose,
    OutboxEntry,
    SyncState,
)

__all__ = [
    "Applicant", "ApplicantNamePair", "ApplicantNameToken", "AuditEntry", "Base", "CalendarDay", "CalendarYear",
    "Counter", "CounterLine",
    "DailySequence", "DayClose", "Dossier", "DossierAttachment", "DossierEvent", "Notice", "NoticeOptOut", "Office",
    "OutboxEntry", "Procedure",
    "Rating", "RequiredDocument", "ServiceLine", "Setting", "StatRollup", "SyncState", "Ticket", "TicketEvent", "User",
]
