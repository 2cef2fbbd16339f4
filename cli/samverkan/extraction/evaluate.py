"""Evaluation of extractor output against gold files (the format of the development set).

Matching follows the development set's README: a post matches on (name, role, organisation,
and for a kommunpolis the kommun served), names and organisations compared case- and
whitespace-insensitively. Per kind (person-post, organisation, agreement, event) the report
gives precision, recall and F1, strict and lenient, the share of current/previous flags right on
the matched posts, and every miss and false positive.

- strict: exact values. Region Gotland and Gotlands kommun are the same organisation.
- lenient: posts also match when the gold marks the organisation (for a kommunpolis, the
  kommun served) as coming from the source address and the candidate has "kommunen" or none
  there; organisations compare without genitive -s and without "kommun"/"stad"; agreements match
  on type and at least one common party; events on the kind word alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..errors import BadInputError

KINDS = ("person-post", "organisation", "agreement", "event")


def norm(text: str | None) -> str:
    """Case- and whitespace-insensitive form; the en dash in names counts as a hyphen."""
    if not text:
        return ""
    folded = " ".join(text.casefold().replace("–", "-").split())
    return "region gotland" if folded == "gotlands kommun" else folded


def loose(text: str | None) -> str:
    """An organisation name without "kommun"/"stad" and genitive -s: "Ystad kommun" ~ "Ystads"."""
    words = [w for w in norm(text).split() if w not in ("kommun", "stad", "kommuns")]
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words)


@dataclass
class Score:
    """True positives, predicted and gold counts of one kind."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        """Share of predictions that are right (1.0 when nothing was predicted)."""
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        """Share of gold facts found (1.0 when the gold has none)."""
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """Scores per kind and mode, status accuracy, and every miss and false positive."""

    scores: dict[tuple[str, str], Score] = field(default_factory=dict)
    status_right: int = 0
    status_matched: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    false_positives: list[tuple[str, str, str]] = field(default_factory=list)
    status_errors: list[tuple[str, str]] = field(default_factory=list)
    articles: int = 0

    def score(self, kind: str, mode: str) -> Score:
        """The counts of one kind in one mode (strict or lenient)."""
        return self.scores.setdefault((kind, mode), Score())

    @property
    def status_accuracy(self) -> float:
        """Share of matched posts whose current/previous flag is right."""
        return self.status_right / self.status_matched if self.status_matched else 1.0

    def as_dict(self) -> dict:
        """The report as JSON-ready data."""
        return {
            "articles": self.articles,
            "scores": {f"{kind}/{mode}": {"precision": round(s.precision, 3),
                                          "recall": round(s.recall, 3), "f1": round(s.f1, 3),
                                          "tp": s.tp, "predicted": s.predicted, "gold": s.gold}
                       for (kind, mode), s in sorted(self.scores.items())},
            "status_accuracy": round(self.status_accuracy, 3),
            "status_matched": self.status_matched,
            "misses": [list(m) for m in self.misses],
            "false_positives": [list(f) for f in self.false_positives],
            "status_errors": [list(e) for e in self.status_errors],
        }

    def text(self) -> str:
        """The report as a person reads it: the table, then every error."""
        lines = [f"articles: {self.articles}", "",
                 f"{'kind':<14}{'mode':<9}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'pred':>6}"
                 f"{'gold':>6}"]
        for kind in KINDS:
            for mode in ("strict", "lenient"):
                s = self.score(kind, mode)
                lines.append(f"{kind:<14}{mode:<9}{s.precision:7.3f}{s.recall:7.3f}"
                             f"{s.f1:7.3f}{s.tp:6d}{s.predicted:6d}{s.gold:6d}")
        lines += ["", f"current/previous right on matched posts: {self.status_right}/"
                      f"{self.status_matched} = {self.status_accuracy:.3f}", ""]
        lines.append(f"misses (strict): {len(self.misses)}")
        lines += [f"  {a}  {k}: {d}" for a, k, d in self.misses]
        lines.append(f"false positives (strict): {len(self.false_positives)}")
        lines += [f"  {a}  {k}: {d}" for a, k, d in self.false_positives]
        lines.append(f"wrong current/previous: {len(self.status_errors)}")
        lines += [f"  {a}  {d}" for a, d in self.status_errors]
        return "\n".join(lines) + "\n"


def _posts(result: dict) -> list[dict]:
    out = []
    for person in result.get("persons", []):
        for post in person.get("posts", []):
            out.append({"name": person.get("name"), **post})
    return out


def _post_key(post: dict) -> tuple[str, str, str, str]:
    location = norm(post.get("location")) if post.get("role") == "kommunpolis" else ""
    return (norm(post.get("name")), norm(post.get("role")), norm(post.get("organisation")),
            location)


def _post_lenient(gold: dict, pred: dict) -> bool:
    g, p = _post_key(gold), _post_key(pred)
    if g == p:
        return True
    if not gold.get("organisation_from_source") or g[:2] != p[:2]:
        return False
    vague = ("", "kommunen")
    if gold.get("role") == "kommunpolis":
        return g[2] == p[2] and p[3] in vague
    return p[2] in vague


def _describe_post(post: dict) -> str:
    where = post.get("organisation")
    if post.get("location"):
        where = f"{where} ({post['location']})"
    status = "current" if post.get("current") else "previous"
    return f"{post.get('name')} — {post.get('role')} — {where} — {status}"


def _match(gold: list, pred: list,
           same: Callable[[dict, dict], bool]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (gold index, predicted index) under ``same``."""
    pairs, used = [], set()
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used and same(g, p):
                pairs.append((gi, pi))
                used.add(pi)
                break
    return pairs


def _event_head(name: str) -> str:
    for word in norm(name).replace("-", " ").replace("'", " ").split():
        if len(word) > 5:
            return word[:8]
    return norm(name)[:8]


def _event_same(gold: dict, pred: dict, strict: bool) -> bool:
    head = _event_head(pred.get("name", ""))
    if head not in norm(gold.get("name")).replace("-", " "):
        return False
    if not strict:
        return True
    place = norm(pred.get("name")).partition(" i ")[2]
    if place and place not in norm(gold.get("name")):
        return False
    return {norm(o) for o in gold.get("organisers", [])} == \
        {norm(o) for o in pred.get("organisers", [])}


def _agreement_same(gold: dict, pred: dict, strict: bool) -> bool:
    if norm(gold.get("type")) != norm(pred.get("type")):
        return False
    g = {norm(p) for p in gold.get("parties", [])}
    p = {norm(p) for p in pred.get("parties", [])}
    return g == p if strict else bool(g & p)


def _agreement_text(a: dict) -> str:
    return f"{a.get('type')} between {', '.join(a.get('parties', []))}"


def compare(report: Report, article: str, gold: dict, pred: dict) -> None:
    """Add one article's comparison to the report."""
    report.articles += 1
    gold_posts = list({_post_key(p): p for p in _posts(gold)}.values())
    pred_posts = list({_post_key(p): p for p in _posts(pred)}.values())
    for mode in ("strict", "lenient"):
        same = (lambda g, p: _post_key(g) == _post_key(p)) if mode == "strict" else _post_lenient
        pairs = _match(gold_posts, pred_posts, same)
        s = report.score("person-post", mode)
        s.tp += len(pairs)
        s.predicted += len(pred_posts)
        s.gold += len(gold_posts)
        if mode == "strict":
            matched_g = {g for g, _ in pairs}
            matched_p = {p for _, p in pairs}
            for gi, pi in pairs:
                report.status_matched += 1
                if bool(gold_posts[gi].get("current")) == bool(pred_posts[pi].get("current")):
                    report.status_right += 1
                else:
                    wanted = "current" if gold_posts[gi].get("current") else "previous"
                    report.status_errors.append(
                        (article, f"{_describe_post(pred_posts[pi])} (gold: {wanted})"))
            report.misses += [(article, "person-post", _describe_post(g))
                              for i, g in enumerate(gold_posts) if i not in matched_g]
            report.false_positives += [(article, "person-post", _describe_post(p))
                                       for i, p in enumerate(pred_posts) if i not in matched_p]
    gold_orgs = sorted({norm(o) for o in gold.get("organisations", [])})
    pred_orgs = sorted({norm(o) for o in pred.get("organisations", [])})
    for mode, key in (("strict", norm), ("lenient", loose)):
        g = {key(o) for o in gold_orgs}
        p = {key(o) for o in pred_orgs}
        s = report.score("organisation", mode)
        s.tp += len(g & p)
        s.predicted += len(p)
        s.gold += len(g)
        if mode == "strict":
            report.misses += [(article, "organisation", o) for o in sorted(g - p)]
            report.false_positives += [(article, "organisation", o) for o in sorted(p - g)]
    for kind, field_name, is_same, text in (
            ("agreement", "agreements", _agreement_same, _agreement_text),
            ("event", "events", _event_same, lambda e: f"{e.get('name')} by "
             f"{', '.join(e.get('organisers', [])) or 'no named organiser'}")):
        golds, preds = gold.get(field_name, []), pred.get(field_name, [])
        for mode in ("strict", "lenient"):
            pairs = _match(golds, preds, partial(is_same, strict=mode == "strict"))
            s = report.score(kind, mode)
            s.tp += len(pairs)
            s.predicted += len(preds)
            s.gold += len(golds)
            if mode == "strict":
                mg, mp = {g for g, _ in pairs}, {p for _, p in pairs}
                report.misses += [(article, kind, text(g)) for i, g in enumerate(golds)
                                  if i not in mg]
                report.false_positives += [(article, kind, text(p)) for i, p in enumerate(preds)
                                           if i not in mp]


def load_gold(gold_dir: Path) -> dict[str, dict]:
    """Gold files of a folder by article name; BadInputError for a missing folder or bad JSON."""
    if not gold_dir.is_dir():
        raise BadInputError(f"{gold_dir}: not a folder of gold JSON files")
    gold = {}
    for path in sorted(gold_dir.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise BadInputError(f"{path}: not a gold JSON file ({error})") from None
        gold[data.get("article") or path.stem] = data
    if not gold:
        raise BadInputError(f"{gold_dir}: holds no gold JSON files")
    return gold


def evaluate(results: Iterable[dict], gold: dict[str, dict]) -> Report:
    """Compare extractor results (by their ``article`` name) with the gold of the same name."""
    report = Report()
    for result in results:
        name = result["article"]
        if name not in gold:
            raise BadInputError(f"{name}: no gold file for this article")
        compare(report, name, gold[name], result)
    return report
