"""Search keys for finding a citizen's dossiers by name in any word order (staff search)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from counterdesk.models.base import Base


class ApplicantNameToken(Base):
    """One folded word of an applicant's name ("Nguyễn Văn Ân" → nguyen, van, an).

    The primary key (token, applicant_id) is the index a name search walks: each word of the query
    is an index range, newest applicants first, so a search costs the same on 10 k or 5 M dossiers.
    """

    __tablename__ = "applicant_name_token"

    token: Mapped[str] = mapped_column(String(40), primary_key=True)
    applicant_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("applicant.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ApplicantNamePair(Base):
    """Two folded words of one applicant's name, in sorted order ("an nguyen", "an van", "nguyen van").

    A name search drives on its rarest pair, not its rarest word: "thi cuong" has common words but
    no pair, so it ends at once instead of walking every Cường; "nguyen van an" walks the few
    hundred "an van" people, not thousands. Words are at most 40 characters, so a pair fits 81.
    """

    __tablename__ = "applicant_name_pair"

    pair: Mapped[str] = mapped_column(String(81), primary_key=True)
    applicant_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("applicant.id", ondelete="CASCADE"), primary_key=True, index=True
    )
