"""The corpus tables (SQLAlchemy 2 declarative models).

The schema itself is created by the Alembic migrations in ``marsad/store/migrations``; these
models describe the same tables for queries. Ids of articles, entities, events and stories are
strings made in Python (deterministic), so bulk inserts need no round trip.

Full-text search lives beside these tables: an FTS5 virtual table ``article_search`` on SQLite,
a table with a ``tsvector`` column and a GIN index on PostgreSQL (see the first migration).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    base_id: Mapped[str] = mapped_column(String(64), index=True)  # same for every version
    url: Mapped[str | None] = mapped_column(Text, index=True)
    outlet: Mapped[str | None] = mapped_column(String(200), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(10), index=True)
    language: Mapped[str | None] = mapped_column(String(8))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(16))  # analysed | duplicate | near_duplicate | skipped
    skip_reason: Mapped[str | None] = mapped_column(Text)
    duplicate_of: Mapped[str | None] = mapped_column(String(64), ForeignKey("articles.id"), index=True)
    similarity: Mapped[float | None] = mapped_column(Float)  # MinHash Jaccard estimate to duplicate_of
    source: Mapped[str | None] = mapped_column(Text)  # where it was read from
    text: Mapped[str] = mapped_column(Text)
    doc: Mapped[str] = mapped_column(Text)  # Document JSON (the contract)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)  # float32 sentence vector
    ingested_at: Mapped[str] = mapped_column(String(32))


class Entity(Base):
    """An entity at knowledge-base level: one row per kb_id (or per normalized name + type)."""

    __tablename__ = "entities"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(Text, unique=True)
    type: Mapped[str] = mapped_column(String(8), index=True)
    name: Mapped[str] = mapped_column(Text, index=True)
    norm_name: Mapped[str] = mapped_column(Text, index=True)
    name_en: Mapped[str | None] = mapped_column(Text)
    kb_id: Mapped[str | None] = mapped_column(Text, index=True)
    country: Mapped[str | None] = mapped_column(String(3), index=True)
    actor_code: Mapped[str | None] = mapped_column(String(32), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)


class Mention(Base):
    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(String(64), ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    entity_id: Mapped[str] = mapped_column(String(40), ForeignKey("entities.id"), index=True)
    local_id: Mapped[str] = mapped_column(String(64))  # the entity id inside the Document
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class Event(Base):
    """A happening, merged over every article that reports it."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_root_date", "root", "date"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    cameo: Mapped[str] = mapped_column(String(8), index=True)
    root: Mapped[str] = mapped_column(String(2))
    plover: Mapped[str | None] = mapped_column(String(32), index=True)
    date: Mapped[str | None] = mapped_column(String(10), index=True)
    status: Mapped[str] = mapped_column(String(16))
    location_id: Mapped[str | None] = mapped_column(String(40), ForeignKey("entities.id"))
    location: Mapped[str | None] = mapped_column(Text)  # place name
    country: Mapped[str | None] = mapped_column(String(3))  # place's country
    summary_en: Mapped[str | None] = mapped_column(Text)
    goldstein: Mapped[float | None] = mapped_column(Float)
    confidence: Mapped[float] = mapped_column(Float)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    injured: Mapped[int | None] = mapped_column(Integer)
    num_mentions: Mapped[int] = mapped_column(Integer, default=0)
    num_articles: Mapped[int] = mapped_column(Integer, default=0)
    num_sources: Mapped[int] = mapped_column(Integer, default=0)
    first_article_id: Mapped[str] = mapped_column(String(64))
    actors: Mapped[str] = mapped_column(Text)  # JSON {"source": [actor], "target": [actor]}
    data: Mapped[str] = mapped_column(Text)  # JSON of the first report's contract event


class EventActor(Base):
    __tablename__ = "event_actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(40), ForeignKey("events.id", ondelete="CASCADE"), index=True)
    entity_id: Mapped[str] = mapped_column(String(40), ForeignKey("entities.id"), index=True)
    role: Mapped[str] = mapped_column(String(8))  # source | target | location


class EventReport(Base):
    __tablename__ = "event_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(40), ForeignKey("events.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[str] = mapped_column(String(64), ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(64))  # the event id inside the Document
    outlet: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(Text)
    sentence: Mapped[str | None] = mapped_column(Text)
    quote: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)


class Quote(Base):
    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(String(64), ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(64))
    speaker_id: Mapped[str | None] = mapped_column(String(40), ForeignKey("entities.id"), index=True)
    speaker_text: Mapped[str] = mapped_column(Text)
    cue: Mapped[str] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)
    direct: Mapped[bool] = mapped_column(Boolean)


class Story(Base):
    __tablename__ = "stories"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str | None] = mapped_column(Text)
    label_article_id: Mapped[str | None] = mapped_column(String(64))
    start_date: Mapped[str | None] = mapped_column(String(10), index=True)
    end_date: Mapped[str | None] = mapped_column(String(10), index=True)
    num_articles: Mapped[int] = mapped_column(Integer, default=0)
    num_outlets: Mapped[int] = mapped_column(Integer, default=0)
    centroid: Mapped[bytes | None] = mapped_column(LargeBinary)
    entity_keys: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of entity ids


class StoryArticle(Base):
    __tablename__ = "story_articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    story_id: Mapped[str] = mapped_column(String(40), ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("articles.id", ondelete="CASCADE"), index=True, unique=True
    )
    similarity: Mapped[float] = mapped_column(Float)
