"""Classify: which sentence pairs diverge, how, and how sure we are.

The stage has four parts, run in this order by :func:`factcheck.pipeline.analyze`:

- :mod:`.candidates`: for every sentence, the sentences of the other articles that could
  agree or disagree with it (top-k by embedding similarity, plus shared names, numbers and
  predicates); no paraphrase threshold, because a contradiction is not a paraphrase;
- :mod:`.rules`: claim against claim (polarity, modality, numbers, dates, speakers, quotes,
  planned vs happened); the rules write the explanations;
- :mod:`.signals` and :mod:`.judge`: the rules' findings and the NLI model's probabilities
  become one signal row per candidate pair, and a small fitted model (multinomial logistic
  regression, ``factcheck/models/judge``) maps it to a kind and a calibrated probability;
- :mod:`.divergences`: pair findings grouped into divergences with two sides.
"""

from .rules import Verdict, canonical_entities, classify, fingerprint, judge_pair, make_finding, rank_findings

__all__ = ["classify", "canonical_entities", "judge_pair", "fingerprint", "make_finding", "rank_findings", "Verdict"]
