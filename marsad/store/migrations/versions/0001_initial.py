"""The corpus schema: articles, entities, mentions, events, reports, quotes, stories, search.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("base_id", sa.String(64), nullable=False),
        sa.Column("url", sa.Text()),
        sa.Column("outlet", sa.String(200)),
        sa.Column("title", sa.Text()),
        sa.Column("author", sa.Text()),
        sa.Column("published", sa.String(10)),
        sa.Column("language", sa.String(8)),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("skip_reason", sa.Text()),
        sa.Column("duplicate_of", sa.String(64), sa.ForeignKey("articles.id")),
        sa.Column("similarity", sa.Float()),
        sa.Column("source", sa.Text()),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("minhash", sa.LargeBinary()),
        sa.Column("vector", sa.LargeBinary()),
        sa.Column("ingested_at", sa.String(32), nullable=False),
    )
    for col in ("base_id", "url", "outlet", "published", "content_hash", "duplicate_of"):
        op.create_index(f"ix_articles_{col}", "articles", [col])

    op.create_table(
        "entities",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("key", sa.Text(), nullable=False, unique=True),
        sa.Column("type", sa.String(8), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("norm_name", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text()),
        sa.Column("kb_id", sa.Text()),
        sa.Column("country", sa.String(3)),
        sa.Column("actor_code", sa.String(32)),
        sa.Column("lat", sa.Float()),
        sa.Column("lon", sa.Float()),
    )
    for col in ("type", "name", "norm_name", "kb_id", "country", "actor_code"):
        op.create_index(f"ix_entities_{col}", "entities", [col])

    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("entity_id", sa.String(40), sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("local_id", sa.String(64), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_mentions_article_id", "mentions", ["article_id"])
    op.create_index("ix_mentions_entity_id", "mentions", ["entity_id"])

    op.create_table(
        "events",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("cameo", sa.String(8), nullable=False),
        sa.Column("root", sa.String(2), nullable=False),
        sa.Column("plover", sa.String(32)),
        sa.Column("date", sa.String(10)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("location_id", sa.String(40), sa.ForeignKey("entities.id")),
        sa.Column("location", sa.Text()),
        sa.Column("country", sa.String(3)),
        sa.Column("summary_en", sa.Text()),
        sa.Column("goldstein", sa.Float()),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("fatalities", sa.Integer()),
        sa.Column("injured", sa.Integer()),
        sa.Column("num_mentions", sa.Integer(), nullable=False),
        sa.Column("num_articles", sa.Integer(), nullable=False),
        sa.Column("num_sources", sa.Integer(), nullable=False),
        sa.Column("first_article_id", sa.String(64), nullable=False),
        sa.Column("actors", sa.Text(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
    )
    op.create_index("ix_events_root_date", "events", ["root", "date"])
    for col in ("cameo", "plover", "date"):
        op.create_index(f"ix_events_{col}", "events", [col])

    op.create_table(
        "event_actors",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(40), sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("entity_id", sa.String(40), sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
    )
    op.create_index("ix_event_actors_event_id", "event_actors", ["event_id"])
    op.create_index("ix_event_actors_entity_id", "event_actors", ["entity_id"])

    op.create_table(
        "event_reports",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(40), sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("local_id", sa.String(64), nullable=False),
        sa.Column("outlet", sa.String(200)),
        sa.Column("url", sa.Text()),
        sa.Column("sentence", sa.Text()),
        sa.Column("quote", sa.Text()),
        sa.Column("confidence", sa.Float(), nullable=False),
    )
    op.create_index("ix_event_reports_event_id", "event_reports", ["event_id"])
    op.create_index("ix_event_reports_article_id", "event_reports", ["article_id"])

    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("local_id", sa.String(64), nullable=False),
        sa.Column("speaker_id", sa.String(40), sa.ForeignKey("entities.id")),
        sa.Column("speaker_text", sa.Text(), nullable=False),
        sa.Column("cue", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("direct", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_quotes_article_id", "quotes", ["article_id"])
    op.create_index("ix_quotes_speaker_id", "quotes", ["speaker_id"])

    op.create_table(
        "stories",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("label", sa.Text()),
        sa.Column("label_article_id", sa.String(64)),
        sa.Column("start_date", sa.String(10)),
        sa.Column("end_date", sa.String(10)),
        sa.Column("num_articles", sa.Integer(), nullable=False),
        sa.Column("num_outlets", sa.Integer(), nullable=False),
        sa.Column("centroid", sa.LargeBinary()),
        sa.Column("entity_keys", sa.Text(), nullable=False),
    )
    op.create_index("ix_stories_start_date", "stories", ["start_date"])
    op.create_index("ix_stories_end_date", "stories", ["end_date"])

    op.create_table(
        "story_articles",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("story_id", sa.String(40), sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
        sa.Column(
            "article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, unique=True
        ),
        sa.Column("similarity", sa.Float(), nullable=False),
    )
    op.create_index("ix_story_articles_story_id", "story_articles", ["story_id"])

    # Full-text search over normalized Arabic (marsad.arabic.normalize.norm of title + text).
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE article_search USING fts5("
            "article_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 0')"
        )
    else:
        op.create_table(
            "article_search",
            sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
            sa.Column("body", sa.Text(), nullable=False),
        )
        op.execute("ALTER TABLE article_search ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED")
        op.execute("CREATE INDEX ix_article_search_tsv ON article_search USING GIN (tsv)")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS article_search")
    for table in (
        "story_articles", "stories", "quotes", "event_reports", "event_actors", "events", "mentions",
        "entities", "articles",
    ):
        op.drop_table(table)
