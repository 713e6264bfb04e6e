"""`manage.py extract_attributions`: JSON out, exact offsets, no database."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.attribution import TextSpan, extract_attributions
from claims.management.commands.extract_attributions import attribution_to_dict


def run(*args: str) -> tuple[dict, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("extract_attributions", *args, stdout=out, stderr=err)
    return json.loads(out.getvalue()), err.getvalue()


def test_prints_one_object_keyed_by_the_paths_given(crosspost_seed: Path, tmp_path: Path):
    second = tmp_path / "short.txt"
    second.write_text("The union said that the strike would go ahead.\n", encoding="utf-8")
    result, _ = run(str(crosspost_seed), str(second), "--json", "--published", "2022-03-06")
    assert list(result) == [str(crosspost_seed), str(second)]
    svr = next(a for a in result[str(crosspost_seed)] if a["cue"]["text"] == "warned")
    assert svr["statement_date"] == "2022-03-04"
    assert set(svr) >= {"speaker", "cue", "content", "kind", "statement_date", "confidence"}
    assert result[str(second)][0]["content"]["text"] == "the strike would go ahead"


def test_offsets_index_the_file_text_exactly(tmp_path: Path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("Héllo\r\n\r\n“We will win,” said Anna Berg.\r\n".encode())
    result, _ = run(str(path), "--json")
    text = path.read_bytes().decode("utf-8")
    (found,) = result[str(path)]
    for key in ("speaker", "cue", "content"):
        span = found[key]
        assert text[span["start"] : span["end"]] == span["text"]


def test_bad_files_are_reported_after_the_good_ones(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text("Police said the road was closed.", encoding="utf-8")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Caf\xe9 owners said prices rose.".encode("latin-1"))
    missing = tmp_path / "missing.txt"
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "extract_attributions", str(good), str(latin1), str(missing), stdout=out, stderr=err
        )
    assert str(latin1) in str(raised.value) and str(missing) in str(raised.value)
    assert "not UTF-8" in err.getvalue() and "no such file" in err.getvalue()
    printed = json.loads(out.getvalue())
    assert list(printed) == [str(good)]
    assert printed[str(good)][0]["speaker"]["text"] == "Police"


def test_bad_published_date_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(CommandError, match="--published"):
        call_command("extract_attributions", str(path), "--published", "6 March")


def test_attribution_to_dict_shape():
    found = extract_attributions(
        "Police said on Tuesday that the road was closed.", published=date(2023, 5, 10)
    )
    data = attribution_to_dict(found[0])
    assert data["speaker"] == {"text": "Police", "start": 0, "end": 6}
    assert data["statement_date"] == "2023-05-09"
    assert data["kind"] == "indirect"
    assert isinstance(data["confidence"], float)
    assert data["speaker_resolved_from"] is None
    json.dumps(data)
    assert TextSpan(**data["cue"]).text == "said"
