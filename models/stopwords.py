"""Function words of English and Spanish, for analyses that count content words."""

from __future__ import annotations

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

SPANISH = frozenset(
    """
    a al algo algunas algunos ante antes aquel aquella aquellas aquellos aqui asi aun aunque
    bajo bien cada como con contra cual cuales cuando de del desde donde dos durante e el ella
    ellas ello ellos en entre era eran es esa esas ese eso esos esta estaba estaban estado
    estan estar este esto estos fue fueron ha habia habian han hasta hay la las le les lo los
    mas me mi mientras mismo muy nada ni no nos o otra otras otro otros para pero poco por
    porque que quien quienes se sea segun ser si sido sin sobre su sus tambien tan tanto te
    tiene tienen todo todos tras tu un una unas uno unos ya yo
    """.split()  # noqa: SIM905 - a word list reads better as a block
)

# Lower case and without accents, to be checked against folded text (models.text.fold).
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | SPANISH
