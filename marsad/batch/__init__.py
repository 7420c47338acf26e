"""Batch analysis at scale: ``marsad batch`` on Spark or local processes, Parquet out, COPY to PostgreSQL.

``marsad.batch.records`` defines the flat tables, ``inputs`` reads the input records,
``work`` analyses a partition, ``local`` and ``spark`` are the two engines, ``pgload`` the bulk load.
"""
