"""The ``spark`` engine: the batch on Apache Spark (``pip install 'sitrep[spark]'``).

Plan of the job:

1. The driver lists the corpus files through Hadoop's file system (any URI Spark reads:
   local paths, ``hdfs://``, ``s3a://`` where the cluster has the connector) and reads each
   as an RDD of records numbered in file order (:class:`sitrep.batch.inputs.Item`); a cheap
   first pass over them finds repeated article ids (W102, as ``sitrep extract`` renames them).
2. ``mapPartitions`` runs :func:`sitrep.batch.extract.extract_items` on every partition: the
   very pipeline ``sitrep extract`` runs, its spaCy model loaded once per Python worker
   process (a module-level cache; Spark reuses its Python workers between tasks).  The
   bundles are persisted (memory and disk), so extraction runs once for all the tables.
3. Each table is a DataFrame of its rows, written with ``partitionBy("month")``.
4. The merge reports of the first article of each text are sorted by
   :func:`sitrep.batch.blocks.sort_key` within partitions of one (family, country) each
   (``repartitionAndSortWithinPartitions``), and each partition is streamed block by block
   through :func:`sitrep.batch.blocks.merge_sorted`.
"""
from __future__ import annotations

import os
import sys
import warnings
import zlib
from collections.abc import Sequence
from typing import Any

from ..errors import SitrepError
from .blocks import chain_summaries, chains, link_chains, merge_grouped, sort_key
from .extract import extract_items
from .inputs import _hidden, id_claim, jsonl_item, kind_of, parquet_item, renamed_ids
from .tables import EXTRACTION_TABLES, TABLES, merged_row

APP_NAME = "sitrep batch"


def import_pyspark() -> Any:
    """The pyspark module, or E900 naming the extra that installs it."""
    try:
        import pyspark
    except ImportError as exc:
        raise SitrepError("the spark engine needs pyspark, which is not installed: pip install 'sitrep[spark]' "
                          "(or use --engine local)", code="E900") from exc
    # pyspark warns about pandas versions on import of its SQL helpers; sitrep uses no pandas
    warnings.filterwarnings("ignore", category=FutureWarning, module=r"pyspark\.")
    return pyspark


def spark_type(kind: str) -> Any:
    from pyspark.sql import types as T
    return {"str": T.StringType(), "int": T.LongType(), "float": T.DoubleType(), "bool": T.BooleanType(),
            "strs": T.ArrayType(T.StringType()), "spans": T.ArrayType(T.ArrayType(T.LongType()))}[kind]


def spark_schema(table: str) -> Any:
    from pyspark.sql import types as T
    return T.StructType([T.StructField(n, spark_type(k), True) for n, k in TABLES[table]])


def submitted() -> bool:
    """True inside ``spark-submit`` (or ``pyspark``), which has set master and configuration."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def start_session(master: str | None, partitions: int | None, conf: Sequence[tuple[str, str]] = ()) -> Any:
    """A SparkSession for ``master`` (default: the one spark-submit gives, else ``local[*]``),
    with ``conf`` (key, value) pairs laid over; E904 when Spark cannot start (no Java, a bad
    master URL)."""
    import_pyspark()
    from pyspark.sql import SparkSession
    builder = SparkSession.builder.appName(APP_NAME).config("spark.python.worker.reuse", "true")
    master = master or (None if submitted() else "local[*]")
    if master:
        builder = builder.master(master)
    if master and master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # executors run this interpreter
        builder = builder.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
    if partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(partitions))
    for key, value in conf:
        builder = builder.config(key, value)
    executor_python(conf)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # noqa: BLE001 - py4j and pyspark raise several kinds; all mean "cannot start"
        raise SitrepError(f"Spark cannot start (master {master or 'from spark-submit'}): {type(exc).__name__}: "
                          f"{exc}; is Java 17 installed (java -version)?", code="E904") from exc
    session.sparkContext.setLogLevel("ERROR")
    return session


def executor_python(conf: Sequence[tuple[str, str]]) -> str | None:
    """Copy ``spark.pyspark.python`` of ``conf`` into ``$PYSPARK_PYTHON`` unless that is set:
    a driver started as plain Python (``sitrep batch``, not spark-submit) takes the executors'
    interpreter from the environment only (pyspark's SparkContext), never from the setting.
    Returns the interpreter the executors will run, when known."""
    value = next((v for k, v in conf if k == "spark.pyspark.python"), None)
    if value and not submitted():
        os.environ.setdefault("PYSPARK_PYTHON", value)
    return os.environ.get("PYSPARK_PYTHON")


def list_files(spark: Any, paths: Sequence[str]) -> list[str]:
    """The corpus files under ``paths`` (files, folders walked recursively, globs), in order."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    files: list[str] = []
    for path in paths:
        hpath = jvm.org.apache.hadoop.fs.Path(path)
        fs = hpath.getFileSystem(conf)
        statuses = fs.globStatus(hpath)
        if not statuses:
            raise SitrepError(f"{path}: no such file or folder", code="E901")
        found: list[str] = []
        for st in statuses:
            if st.isDirectory():
                it = fs.listFiles(st.getPath(), True)
                while it.hasNext():
                    p = it.next().getPath()
                    rel = p.toString()[len(st.getPath().toString()):]
                    if kind_of(p.getName()) and not any(_hidden(part) for part in rel.split("/") if part):
                        found.append(p.toString())
            elif kind_of(st.getPath().getName()):
                found.append(path if len(statuses) == 1 and not _has_glob(path) else st.getPath().toString())
            else:
                raise SitrepError(f"{path}: not a JSONL (.jsonl, .ndjson) or Parquet (.parquet) file", code="E901")
        if not found:
            raise SitrepError(f"{path}: no .jsonl or .parquet files here", code="E901")
        files += sorted(found)
    return files


def _has_glob(path: str) -> bool:
    return any(c in path for c in "*?[{")


def _items_rdd(spark: Any, files: Sequence[str], partitions: int | None) -> Any:
    sc = spark.sparkContext
    rdds = []
    for file_no, path in enumerate(files):
        if kind_of(path) == "parquet":
            rows = spark.read.parquet(path).rdd.zipWithIndex()
            rdds.append(rows.map(lambda t, n=file_no, p=path: parquet_item(n, p, t[1] + 1, t[0].asDict())))
        else:
            lines = sc.textFile(path).zipWithIndex()
            rdds.append(lines.map(lambda t, n=file_no, p=path: jsonl_item(n, p, t[1] + 1, t[0]))
                        .filter(lambda x: x is not None))
    items = sc.union(rdds) if len(rdds) > 1 else rdds[0]
    return items.repartition(partitions) if partitions else items


def _renames(items: Any, published: str | None) -> dict[int, str]:
    """Plan step 1b: the records that get a new article id (W102); only those reach the driver."""
    claims = (items.map(lambda i: id_claim(i, published)).filter(lambda c: c is not None)
              .groupByKey().filter(lambda t: len(set(c for _, c in t[1])) > 1))
    return renamed_ids(claims.collect())


def _partition_of(key: tuple) -> int:
    """A stable hash of (family, country): one key's reports meet in one partition."""
    return zlib.crc32(f"{key[0]}\x1f{key[1]}".encode())


def _write(spark: Any, rdd: Any, table: str, out: str, mode: str) -> None:
    df = spark.createDataFrame(rdd, schema=spark_schema(table), verifySchema=False)
    df.write.mode(mode).partitionBy("month").parquet(_join(out, table))


def _join(out: str, name: str) -> str:
    return out.rstrip("/") + "/" + name


def _merge(spark: Any, bundles: Any, out: str, mode: str, partitions: int | None) -> int:
    """Write ``merged_events`` (plan step 4); returns its row count."""
    from pyspark import StorageLevel
    n = partitions or spark.sparkContext.defaultParallelism
    firsts = (bundles.filter(lambda b: b.content_id is not None).map(lambda b: (b.content_id, b.seq))
              .reduceByKey(min).map(lambda t: (t, True)))
    reports = (bundles.flatMap(lambda b: [((r.content_id, r.seq), r) for r in b.reports])
               .join(firsts).map(lambda t: (sort_key(t[1][0]), t[1][0])))
    tagged = (reports.repartitionAndSortWithinPartitions(n, partitionFunc=_partition_of)
              .mapPartitions(lambda it: chains(r for _, r in it)))
    tagged.persist(StorageLevel.MEMORY_AND_DISK)
    spans = tagged.mapPartitions(lambda it: chain_summaries(it)).collect()  # one row per chain
    links = spark.sparkContext.broadcast(link_chains(spans))
    keyed = tagged.map(lambda t: ((links.value.get(t[0], t[0]), t[1].seq, t[1].pos), t[1]))
    merged = (keyed.repartitionAndSortWithinPartitions(n, partitionFunc=lambda k: zlib.crc32(k[0].encode()))
              .mapPartitions(lambda it: (merged_row(m, block).values for block, m in merge_grouped(it))))
    merged.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        _write(spark, merged, "merged_events", out, mode)
        return merged.count()
    finally:
        merged.unpersist()
        tagged.unpersist()


def run_spark(paths: Sequence[str], out: str, *, master: str | None = None, partitions: int | None = None,
              gazetteers: Sequence[str] = (), published: str | None = None, merge: bool = True,
              overwrite: bool = False, spark: Any = None, conf: Sequence[tuple[str, str]] = ()) -> dict[str, int]:
    """Run the batch on Spark and write the tables under ``out``; returns rows per table.
    ``spark``: an existing SparkSession (tests, notebooks); otherwise one is started and
    stopped here."""
    import_pyspark()
    own = spark is None
    spark = spark or start_session(master, partitions, conf)
    mode = "overwrite" if overwrite else "errorifexists"
    gz, fallback = tuple(gazetteers), published
    try:
        return _run(spark, paths, out, partitions, gz, fallback, merge, mode)
    except SitrepError:
        raise
    except Exception as exc:  # noqa: BLE001 - py4j and pyspark raise many kinds; each ends the job
        raise _job_error(exc, out) from exc
    finally:
        if own:
            spark.stop()


def _job_error(exc: Exception, out: str) -> SitrepError:
    """E903 when Spark refused the output folder, E904 for any other failure of the job."""
    text = str(exc).strip().splitlines()[0][:400] if str(exc).strip() else type(exc).__name__
    if "already exists" in str(exc) or "PATH_ALREADY_EXISTS" in str(exc):
        return SitrepError(f"{out}: already holds batch tables; choose another --out or pass --overwrite",
                           code="E903")
    return SitrepError(f"the Spark job failed: {type(exc).__name__}: {text}", code="E904")


def _run(spark: Any, paths: Sequence[str], out: str, partitions: int | None, gz: tuple[str, ...],
         fallback: str | None, merge: bool, mode: str) -> dict[str, int]:
    """Plan steps 1-4 of the module docstring; returns rows per table."""
    from pyspark import StorageLevel
    files = list_files(spark, paths)
    items = _items_rdd(spark, files, partitions)
    renames = spark.sparkContext.broadcast(_renames(items, fallback))
    bundles = items.mapPartitions(lambda it: extract_items(it, gz, fallback, renames.value))
    bundles.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        for table in EXTRACTION_TABLES:
            rows = bundles.flatMap(lambda b, t=table: [r.values for r in b.rows if r.table == t])
            _write(spark, rows, table, out, mode)
        counts = dict(bundles.flatMap(lambda b: [(r.table, 1) for r in b.rows]).countByKey())
        if merge:
            counts["merged_events"] = _merge(spark, bundles, out, mode, partitions)
    finally:
        bundles.unpersist()
    return {t: int(counts.get(t, 0)) for t in TABLES}


__all__ = ["run_spark", "start_session", "list_files", "spark_schema", "import_pyspark"]
