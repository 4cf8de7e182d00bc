"""bpcore.errors: one coded refusal, and typed numbers read safely."""

from __future__ import annotations

import pytest

from bpcore.errors import CodedError, parse_number


@pytest.mark.parametrize(("text", "value"), [
    ("0.4", 0.4), (" -2 ", -2.0), ("１．５", 1.5), ("4.3857 × 10⁻⁴", 4.3857e-4),
    ("2 × 10⁺³", 2000.0), ("-2.5×10^3", -2500.0), ("1 * 10^{-2}", 0.01), ("3e-4", 3e-4)])
def test_numbers_as_people_and_the_app_write_them_are_read(text, value):
    assert parse_number("w5", text, -1e6, 1e6) == pytest.approx(value)


@pytest.mark.parametrize(("text", "code"), [
    ("", "empty"), ("  ", "empty"), ("abc", "not_a_number"), ("1,5", "not_a_number"),
    ("nan", "not_finite"), ("inf", "not_finite"), ("1e400", "not_finite"),
    ("× 10⁻⁴", "not_a_number"), ("1e7", "out_of_range"), ("2.5", "not_whole")])
def test_anything_else_is_refused_with_its_reason(text, code):
    with pytest.raises(CodedError) as caught:
        parse_number("w5", text, -1e6, 1e6, integer=text == "2.5")
    assert (caught.value.field, caught.value.code) == ("w5", code)
