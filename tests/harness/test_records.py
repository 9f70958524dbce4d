"""The records protocol's readers trust nothing: damaged, oversized, mistyped or forged files are
read without crashing, and only well-formed records of the right types come out."""

import json

from kit import records


def test_a_records_file_of_the_wrong_shape_reads_as_none(tmp_path):
    path = tmp_path / "records.json"
    for text in ("", "{", '{"nodeid": "x"}', "[1, 2]", "\udcff".encode("utf-8", "surrogatepass").decode("latin-1")):
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        got = records.read_records(path)
        assert got is None or got == [], (text, got)
    assert records.read_records(tmp_path / "missing.json") is None


def test_only_well_formed_records_survive_with_their_fields_checked(tmp_path):
    path = tmp_path / "records.json"
    good = {"nodeid": "exercises/q3/test_public.py::test_a", "outcome": "passed", "weight": 2, "message": "m" * 9000}
    forged = [good, {"nodeid": 3, "outcome": "passed"}, {"nodeid": "b", "outcome": "won"},
              {"nodeid": "c", "outcome": "failed", "weight": -5, "properties": "x", "summary": ["not", "text"]}]
    path.write_text(json.dumps(forged), encoding="utf-8")
    got = records.read_records(path)
    assert [r["nodeid"] for r in got] == [good["nodeid"], "c"]
    assert got[0]["weight"] == 2.0 and len(got[0]["message"]) == records.TEXT_FIELDS["message"]
    assert got[1]["weight"] == 1.0 and got[1]["properties"] == {} and got[1]["summary"] == ""


def test_a_progress_file_with_garbage_lines_keeps_the_good_ones(tmp_path):
    path = tmp_path / "progress.jsonl"
    lines = [json.dumps({"nodeid": "a", "outcome": "failed"}), "\x00\xff garbage", "[]",
             json.dumps({"nodeid": "a", "outcome": "passed"}), json.dumps({"nodeid": "b", "outcome": "x"})]
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogateescape") + b"\n\xff\xfe")
    got = records.read_progress(path)
    assert [(r["nodeid"], r["outcome"]) for r in got] == [("a", "passed")]


def test_an_oversized_records_file_is_cut_not_loaded_whole(tmp_path):
    path = tmp_path / "records.json"
    with open(path, "w", encoding="utf-8") as stream:
        stream.write("[" + ",".join(['{"nodeid": "x", "outcome": "passed"}'] * 10) + ", ")
        stream.write(" " * (records.MAX_RECORDS_BYTES + 10) + "]")
    assert records.read_records(path) is None
