"""Convert the old translation table (a Python dict in tutor/i18n.py) into locale files.

The one-off migration of issue 21: until then every string lived in ``_TABLE`` of
``tutor/i18n.py`` as ``key -> {"en": ..., "zh": ...}``. This script reads such a file (its
``_TABLE`` literal, with ``ast.literal_eval``: nothing is executed) and writes, into OUTDIR:

- ``<lang>.json`` per language: i18next-style flat ``key -> string``, keys in the table's source
  order, after a ``"_meta"`` entry (the language's name for the picker and its HTML/CLDR tag);
- ``<lang>/<key>.md`` per language for long prose (see :func:`is_prose`), which then is not in
  the JSON;
- plural keys ``key_one`` / ``key_other`` (i18next v4 suffixes, CLDR categories) in place of
  the keys listed in :data:`PLURALS`, whose old text showed a count ("1 students joined").

It is deterministic and re-runnable: it first deletes the JSON and Markdown files it owns in
OUTDIR, so a key removed from the table disappears. Usage::

    python scripts/i18n_to_files.py OLD_I18N_PY OUTDIR
    python scripts/i18n_to_files.py /tmp/old_i18n.py tutor/locales

If a key of :data:`PLURALS` changed its text in the old table since the plural forms were
written here, the script stops and names it: update the forms below, then run it again.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

# The language's name in the picker and its tag (HTML lang attribute, CLDR plural rules).
META: dict[str, dict[str, str]] = {
    "en": {"name": "English", "html_lang": "en"},
    "zh": {"name": "简体中文", "html_lang": "zh-Hans"},
}

# Long prose becomes a Markdown file: several paragraphs, or longer than this many characters.
PROSE_CHARS = 400

# Keys whose text shows a count: "was" is the old table's text (checked, so a change on another
# branch is not silently overwritten); "forms" the plural forms per language, by CLDR category
# (English: one, other; Chinese has only other).
PLURALS: dict[str, dict[str, dict[str, object]]] = {
    "live.joined": {
        "was": {"en": "Students in the class: {n}", "zh": "课堂中的学生：{n} 名"},
        "forms": {"en": {"one": "{n} student in the class",
                         "other": "{n} students in the class"},
                  "zh": {"other": "课堂中的学生：{n} 名"}},
    },
    "fade.what.blanks": {
        "was": {"en": "the last {n} step(s) are yours", "zh": "最后 {n} 步由你来算"},
        "forms": {"en": {"one": "the last step is yours", "other": "the last {n} steps are yours"},
                  "zh": {"other": "最后 {n} 步由你来算"}},
    },
    "training.running": {
        "was": {"en": "Training: {n} updates…", "zh": "正在训练：{n} 次更新……"},
        "forms": {"en": {"one": "Training: {n} update…", "other": "Training: {n} updates…"},
                  "zh": {"other": "正在训练：{n} 次更新……"}},
    },
    "training.final_error": {
        "was": {"en": "E_total after {n} updates", "zh": "{n} 次更新后的总误差"},
        "forms": {"en": {"one": "E_total after {n} update", "other": "E_total after {n} updates"},
                  "zh": {"other": "{n} 次更新后的总误差"}},
    },
    "rates.running": {
        "was": {"en": "Training {k} rates × {n} updates…",
                "zh": "正在训练 {k} 个学习率 × {n} 次更新……"},
        "forms": {"en": {"one": "Training {k} rates × {n} update…",
                         "other": "Training {k} rates × {n} updates…"},
                  "zh": {"other": "正在训练 {k} 个学习率 × {n} 次更新……"}},
    },
    "rates.final": {
        "was": {"en": "E_total after {n} updates", "zh": "{n} 次更新后的总误差"},
        "forms": {"en": {"one": "E_total after {n} update", "other": "E_total after {n} updates"},
                  "zh": {"other": "{n} 次更新后的总误差"}},
    },
    "bowl.final": {
        "was": {"en": "J after {n} steps", "zh": "{n} 步后的 J"},
        "forms": {"en": {"one": "J after {n} step", "other": "J after {n} steps"},
                  "zh": {"other": "{n} 步后的 J"}},
    },
    "bowl.overflowed": {
        "was": {"en": "η = {eta}: J stopped being a finite number after {stopped} steps: every "
                      "jump over w* was longer than the one before. The curve ends where it "
                      "stopped.",
                "zh": "η = {eta}：{stopped} 步后 J 不再是有限数——每一次跳过 w* 都比上一次更远。"
                      "曲线画到停止处为止。"},
        "forms": {"en": {"one": "η = {eta}: J stopped being a finite number after {stopped} "
                                "step: the jump over w* was too long. The curve ends where it "
                                "stopped.",
                         "other": "η = {eta}: J stopped being a finite number after {stopped} "
                                  "steps: every jump over w* was longer than the one before. The "
                                  "curve ends where it stopped."},
                  "zh": {"other": "η = {eta}：{stopped} 步后 J 不再是有限数——每一次跳过 w* 都比"
                                  "上一次更远。曲线画到停止处为止。"}},
    },
    "landscape.progress": {
        "was": {"en": "After {step} steps the error fell from {start} to {now}.",
                "zh": "走了 {step} 步后，误差从 {start} 降到 {now}。"},
        "forms": {"en": {"one": "After {step} step the error fell from {start} to {now}.",
                         "other": "After {step} steps the error fell from {start} to {now}."},
                  "zh": {"other": "走了 {step} 步后，误差从 {start} 降到 {now}。"}},
    },
    "builder.own_count": {
        "was": {"en": "{n} points, {classes} classes", "zh": "{n} 个点，{classes} 个类别"},
        "forms": {"en": {"one": "{n} point, {classes} classes",
                         "other": "{n} points, {classes} classes"},
                  "zh": {"other": "{n} 个点，{classes} 个类别"}},
    },
    # refusals (tutor.ui.reasons says a plural refusal by its count parameter)
    "builder.reason.too_few_points": {
        "was": {"en": "{count} points are too few to train and test on: add at least {limit}",
                "zh": "{count} 个点太少，无法训练和测试：至少需要 {limit} 个点"},
        "forms": {"en": {"one": "{count} point is too few to train and test on: add at least "
                                "{limit}",
                         "other": "{count} points are too few to train and test on: add at "
                                  "least {limit}"},
                  "zh": {"other": "{count} 个点太少，无法训练和测试：至少需要 {limit} 个点"}},
    },
    "reason.data_file.too_few_points": {
        "was": {"en": "the file has {count} points: at least {limit} are needed to train and test",
                "zh": "文件只有 {count} 个点：训练和测试至少需要 {limit} 个"},
        "forms": {"en": {"one": "the file has {count} point: at least {limit} are needed to "
                                "train and test",
                         "other": "the file has {count} points: at least {limit} are needed to "
                                  "train and test"},
                  "zh": {"other": "文件只有 {count} 个点：训练和测试至少需要 {limit} 个"}},
    },
}


def read_table(path: Path) -> dict[str, dict[str, str]]:
    """The ``_TABLE`` dict literal of an old-style i18n.py, without executing the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in tree.body:
        target = (node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1
                  else node.target if isinstance(node, ast.AnnAssign) else None)
        if isinstance(target, ast.Name) and target.id == "_TABLE" and node.value is not None:
            table = ast.literal_eval(node.value)
            if not isinstance(table, dict):
                raise SystemExit(f"{path}: _TABLE is not a dict")
            return table
    raise SystemExit(f"{path}: no _TABLE = {{...}} at module level")


def is_prose(text: str) -> bool:
    """Long prose (a Markdown file of its own): several paragraphs or > PROSE_CHARS characters."""
    return "\n\n" in text or len(text) > PROSE_CHARS


def convert(table: dict[str, dict[str, str]]) -> tuple[dict[str, dict[str, str]],
                                                       dict[str, dict[str, str]]]:
    """Per language: the JSON entries (source order, plurals split) and the prose files."""
    found = {lang for entry in table.values() for lang in entry}
    languages = list(META) + sorted(found - set(META))
    flat: dict[str, dict[str, str]] = {lang: {} for lang in languages}
    prose: dict[str, dict[str, str]] = {lang: {} for lang in languages}
    changed = [key for key, plural in PLURALS.items()
               if key in table and table[key] != plural["was"]]
    if changed:
        raise SystemExit("the old text of these plural keys changed; update PLURALS in "
                         f"scripts/i18n_to_files.py: {changed}")
    for key, entry in table.items():
        plural = PLURALS.get(key)
        for lang in languages:
            if lang not in entry:
                continue  # missing: English is the fallback, the CI check lists it
            if plural is not None:
                forms = plural["forms"]
                assert isinstance(forms, dict)
                for category, text in forms[lang].items():
                    flat[lang][f"{key}_{category}"] = text
            elif is_prose(entry["en"]):
                prose[lang][key] = entry[lang]
            else:
                flat[lang][key] = entry[lang]
    return flat, prose


def write(outdir: Path, flat: dict[str, dict[str, str]], prose: dict[str, dict[str, str]]) -> None:
    """Replace the locale files in ``outdir`` by these (deleting the ones this script owns)."""
    outdir.mkdir(parents=True, exist_ok=True)
    for lang in flat:
        (outdir / f"{lang}.json").unlink(missing_ok=True)
        folder = outdir / lang
        if folder.is_dir():
            for old in folder.glob("*.md"):
                old.unlink()
    for lang, entries in flat.items():
        meta = META.get(lang, {"name": lang, "html_lang": lang})
        document = {"_meta": meta, **entries}
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        (outdir / f"{lang}.json").write_text(text, encoding="utf-8")
        if prose[lang]:
            (outdir / lang).mkdir(exist_ok=True)
        for key, body in prose[lang].items():
            (outdir / lang / f"{key}.md").write_text(body + "\n", encoding="utf-8")


def main(argv: list[str]) -> None:
    if len(argv) != 3:
        raise SystemExit(__doc__)
    table = read_table(Path(argv[1]))
    flat, prose = convert(table)
    write(Path(argv[2]), flat, prose)
    for lang in flat:
        print(f"{lang}: {len(flat[lang])} JSON entries, {len(prose[lang])} prose files")


if __name__ == "__main__":
    main(sys.argv)
