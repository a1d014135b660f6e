"""db.rows: the records' class syntax makes the named tuples ``typing.NamedTuple`` would make
(at run time the module builds them with ``collections.namedtuple``, without typing)."""
from __future__ import annotations

import inspect
import typing

import pytest

import db.rows
from db.rows import NamedTuple

RECORDS = [getattr(db.rows, name) for name in db.rows.__all__ if name != "as_json"]


def _as_typing_makes_it(record: type) -> type:
    """The record's own class statement (from db/rows.py), run with typing's NamedTuple."""
    namespace = {"NamedTuple": typing.NamedTuple, "__name__": "db.rows"}
    exec(compile("from __future__ import annotations\n" + inspect.getsource(record), "db/rows.py", "exec"),
         namespace)
    return namespace[record.__name__]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.__name__)
def test_each_record_is_the_named_tuple_typing_would_make(record):
    twin = _as_typing_makes_it(record)
    assert record._fields == twin._fields
    assert record._field_defaults == twin._field_defaults
    assert record.__doc__ == twin.__doc__ and record.__module__ == twin.__module__ == "db.rows"
    assert typing.get_type_hints(record) == typing.get_type_hints(twin)
    values = [f"v{i}" for i in range(len(record._fields))]
    required = values[:len(values) - len(record._field_defaults)]
    assert repr(record(*required)) == repr(twin(*required))
    assert record(*values)._asdict() == twin(*values)._asdict()
    assert record(*values)._replace(**{record._fields[0]: 1}) == twin(*values)._replace(**{twin._fields[0]: 1})
    assert record.__slots__ == () and issubclass(record, tuple)


def test_a_record_keeps_its_methods_and_refuses_a_default_before_a_field_without_one():
    class Span(NamedTuple):
        """Two offsets."""
        start: int
        end: int = 0

        def length(self) -> int:
            return self.end - self.start

    assert Span(2, 5).length() == 3 and Span(2) == (2, 0) and Span.__doc__ == "Two offsets."
    with pytest.raises(TypeError):
        class Bad(NamedTuple):
            start: int = 0
            end: int
