"""Safe YAML: plain data only, positions kept, dates kept as text."""

from __future__ import annotations

import pytest

from hub.source.yamlsafe import YamlProblem, load_yaml


def test_positions_are_recorded_for_keys_and_values():
    document = load_yaml("a: 1\nb:\n  - x\n  - y\n", "f.yaml")
    assert document.key_positions[("b",)] == (1, 0)
    assert document.value_positions[("b", 1)] == (3, 4)


def test_dates_stay_text():
    assert load_yaml("d: 2023-07-12\n", "f.yaml").data == {"d": "2023-07-12"}


def test_alias_bomb_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20))
    with pytest.raises(YamlProblem) as problem:
        load_yaml(bomb, "f.yaml")
    assert problem.value.diagnostic.code == "yaml-alias"


@pytest.mark.parametrize("text", ["x: !!python/object:os.system ls\n", "x: !custom 1\n", "x: !!binary aGk=\n",
                                  "x: !!set {a}\n"])
def test_tags_are_refused(text):
    with pytest.raises(YamlProblem) as problem:
        load_yaml(text, "f.yaml")
    assert problem.value.diagnostic.code == "yaml-tag"
    assert problem.value.diagnostic.line == 1


def test_merge_keys_are_refused():
    with pytest.raises(YamlProblem) as problem:
        load_yaml("base: &b {x: 1}\nother:\n  <<: *b\n", "f.yaml")
    assert problem.value.diagnostic.code == "yaml-alias"


def test_tab_indentation_gets_a_hint():
    with pytest.raises(YamlProblem) as problem:
        load_yaml("a:\n\t- x\n", "f.yaml")
    assert problem.value.diagnostic.code == "yaml-syntax"
    assert "tab" in problem.value.diagnostic.hint
