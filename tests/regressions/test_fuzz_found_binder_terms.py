"""Found by tests/test_fuzz.py: the binder accepted values that then broke the bound query
(exit 3 "SPARQL syntax error" or "not valid UTF-8" for a value the user was told was fine).
Now the value itself is refused, naming the parameter."""

from __future__ import annotations

import pytest

from samverkan.errors import BadInputError
from samverkan.savedqueries import Parameter, term_for

IRI = Parameter("kommun", "?_kommun_iri", True, "iri")
TEXT = Parameter("name", "?_name", True, "literal")


@pytest.mark.parametrize(("parameter", "value", "message"), [
    (IRI, "http://wd:Q1", "parameter 'kommun': not an absolute IRI: 'http://wd:Q1'"),
    (TEXT, "caf\udce9", "parameter 'name': not valid UTF-8 text"),
    (IRI, "urn:x\ud800", "parameter 'kommun': not valid UTF-8 text"),
])
def test_binder_refuses_values_no_engine_can_read(parameter, value, message):
    with pytest.raises(BadInputError) as caught:
        term_for(parameter, value)
    assert str(caught.value) == message


def test_a_port_that_is_a_number_is_fine():
    assert term_for(IRI, "http://example.org:8080/x") == "<http://example.org:8080/x>"
