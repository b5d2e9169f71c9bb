"""Voices: who each outlet quotes, directly or in reported speech, and with how many words.

Tables
- quotes: one row per quotation. outlet, url; speaker: the named person, written as the event
  actor's configured name when it is one, else as the fullest form of the name in the article
  ("Rafael Urdaneta-Gil" even where the attribution says "Urdaneta-Gil"); an organisation as
  written ("the Foreign Ministry", "el Servicio Electoral"); or the description when no name can
  be found ("a senior administration official", "protest organisers"). actor: the event actor the
  speaker resolves to by its name and aliases (models.actors), else "". kind: "direct" (words
  inside quotation marks) or "indirect" (reported speech: "X said that …", "according to X, …",
  "según X, …"). words: words inside the quotation marks, or of the reported clause. text: the
  quotation (the parts of a quote split by its attribution, or run over several paragraphs,
  joined with " … "), or the reported clause. sentence: the sentence or sentences holding the
  quotation and its attribution, the evidence.
- voices: one row per outlet × speaker. outlet, speaker, actor, quotes, words (direct and
  indirect together), share (the speaker's share of the outlet's quoted words; 1 per outlet).

How speakers are found, by rule, in English and Spanish: straight "…", curly “…” and «…»
quotation marks; an attribution after the quote (", said X", ", X said", ", X told reporters",
"», afirmó X"), before it ("X said: “…”", "según X, «…»"), or around a partial quote ("X said
the forces were “united as never before”"); a quote split by its attribution ("“A,” he said.
“B.”") and a quote running over paragraphs are one quotation. Pronouns ("he said", Spanish
"dijo" with no subject) go to the most recent named speaker or sentence subject of fitting
gender where the gender is known (from a title such as "spokeswoman" or "la ministra", or a
first name); descriptions ("said the Russian deputy foreign minister", "the minister added",
"el mandatario") go to the person whose title, attached to the name earlier in the article, fits
best. A pull quote repeating words already quoted is counted once. Quoted runs of one to three
words are scare quotes ("self-proclaimed 'interim president'"), not quotations, unless they
stand as an utterance with their own attribution ("“Never,” he said.").

What it can and cannot show: who is given voice, and how much, in each outlet's coverage. It
cannot show whether the outlet endorses, doubts or mocks what is quoted: a speaker quoted at
length to be rebutted counts as much as one quoted in support. The rules miss unusual
constructions (a speaker named only in an earlier paragraph's description, quotes attributed
by a verb outside the lists, a speaker inside a long relative clause), quotes in single
quotation marks, and quotes whose speaker cannot be found at all, which are left out; and they
take a reported clause to the end of its sentence. Reported speech counts words the outlet
chose, not the speaker's own. See `evaluate()` for the measured accuracy on labelled passages.
"""

from __future__ import annotations

import bisect
import json
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ingest.config import Actor
from ingest.resources import sample
from models.actors import find_mentions
from models.corpus import Corpus
from models.sentences import sentence_spans
from models.text import fold, fold_with_offsets

LOGGER = logging.getLogger(__name__)

QUOTES = "quotes"
VOICES = "voices"
QUOTE_COLUMNS = ["outlet", "url", "speaker", "actor", "kind", "words", "text", "sentence"]
VOICE_COLUMNS = ["outlet", "speaker", "actor", "quotes", "words", "share"]
SAMPLES = sample("quotes.json")

# Quoted runs this short are scare quotes unless they stand as an utterance of their own.
SCARE_QUOTE_WORDS = 3


def _words(block: str) -> frozenset[str]:
    """A block of words, folded like the text they are checked against (no case, no accents)."""
    return frozenset(fold(block).split())


# Verbs that attribute speech, in the forms news prose uses for a speaker.
SPEECH_VERBS = _words(
    """
    said says say told tells tell added adds stressed stresses emphasized emphasised emphasizes
    emphasises warned warns insisted insists noted argued argues asserted asserts claimed declared
    stated wrote writes tweeted announced announces replied responded acknowledged admitted
    conceded maintained maintains recalled urged cautioned predicted vowed pledged promised
    complained suggested observed remarked countered concluded explained explains underlined
    underscored reiterated confirmed alleged contended testified reported
    dijo dice dicen dijeron afirmó afirma afirman afirmaron aseguró asegura aseguran aseguraron
    declaró declara declararon señaló señala señalan señalaron indicó indica indicaron explicó
    explica explicaron añadió añade agregó agrega advirtió advierte advierten advirtieron sostuvo
    sostiene sostienen sostuvieron subrayó subraya destacó destaca insistió insiste manifestó
    expresó apuntó recalcó enfatizó denunció denuncia denuncian denunciaron precisó comentó
    reiteró admitió reconoció anunció alertó respondió replicó escribió aclaró planteó opinó
    concluyó puntualizó remarcó relató sentenció informó informa informaron aseveró negó
    shouted chanted gritó gritaron gritaban corearon coreaban
    dicho afirmado asegurado señalado declarado advertido indicado explicado reiterado
    anunciado insistido
    """
)
# Verbs that take a partial quotation as their object ("called the decision “blackmail”").
QUOTING_VERBS = _words(
    """
    called calls described describes dubbed labelled labeled branded denounced condemned
    calificó califica tildó describió definió
    """
)
# These take a reported clause without "that": "X said the forces were loyal".
SAY_VERBS = _words("said says say told tells tell added adds")
# ", adding that …": reported speech hung on the sentence's attribution
PARTICIPLES = _words(
    """
    adding saying noting warning insisting stressing arguing explaining añadiendo agregando
    señalando asegurando advirtiendo subrayando explicando
    """
)
AUXILIARIES = _words("has have had ha han había habían")
# A reported clause without "that" needs a finite verb early on ("said members would walk out").
FINITE = _words(
    """
    is are was were has have had will would could can should may might must does did
    es son fue era ha han había será sería puede podría debe está están
    """
)
_DATELINE = re.compile(r"^[A-ZÁÉÍÓÚÑÜ]{3,}\b[^–—\n]{0,30}?[–—]\s*")
# Descriptions that fit any titled person: "the official", "la funcionaria"
GENERIC_ROLES = _words(
    "official diplomat politician funcionario funcionaria diplomático diplomática político política"
)
TELL_VERBS = _words("told tells tell")
SPANISH_VERBS = frozenset(
    v for v in SPEECH_VERBS if v.endswith(("o", "a", "e", "n")) and not v.endswith("ed")
) - _words("say")
THAT = _words("that que")

DETERMINERS = _words(
    """
    the a an el la los las lo un una unos unas his her its their our su sus this these those
    several some many two three four five six seven eight nine ten dos tres cuatro cinco
    varios varias algunos algunas otros otras
    """
)
DEFINITE = _words("the el la this")
CONNECTORS = _words("of de del")
NAME_PARTICLES = _words("de del da das do dos van von der den bin ibn al di du le la ben abu")
PRONOUNS = {"he": "m", "she": "f", "él": "m", "ella": "f"}
GROUP_PRONOUNS = _words("they it ellos ellas")
# Words that never belong inside a speaker's noun phrase.
BREAK = _words(
    """
    and or but nor that which who whom whose while when where whereas because as if than since
    until though although so yet after before about into over under against between during
    through to for with at on from by without within despite like upon amid across near
    is are was were be been being am has have had do does did will would shall should can could
    may might must not no it its they them we us you i me my there here also only even just
    then still whether how why what según
    y e o u ni pero sino que quien quienes cual cuales cuando donde como porque aunque si con
    por para sin sobre entre tras ante desde hasta hacia contra durante mediante en a al es son
    fue fueron era eran ha han había habían será está están estaba se lo le les nos me te no ya
    muy más también
    """
) - _words("la lo")
# Ending a phrase after a speech verb ("said Ryabkov in an interview", "dijo López a la prensa").
FORWARD_STOP = BREAK | _words("in en")
# Between a speaker and the verb: "also said", "has warned", "ha dicho".
ADVERBS = _words(
    """
    also later then again further earlier previously repeatedly publicly privately reportedly
    separately recently once has have had would will already never himself herself itself
    también luego ya además posteriormente incluso ha han había habían habría
    """
)
TIME_WORDS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday today yesterday tonight afterward
    afterwards later earlier lunes martes miércoles jueves viernes sábado domingo hoy ayer
    """
)
# Sentence openings that are not the subject ("In Caracas, Guaidó said …").
LEADING = _words(
    """
    in on at after before during meanwhile later earlier speaking asked addressing however
    but and also yesterday today en tras durante desde al ante mientras luego además hoy ayer
    sin embargo por
    """
)
RELATIVE = _words("who which whose whom quien quienes que cuyo cuya cual")
ACCORDING = (("according", "to"), ("segun",), ("de", "acuerdo", "con"), ("en", "palabras", "de"))
_ACCORDING_FIRST = frozenset(phrase[0] for phrase in ACCORDING)

# Role nouns: the head of a title or of a description that can stand for a person.
ROLES = _words(
    """
    president vice-president minister secretary spokesman spokeswoman spokesperson ambassador
    envoy general commander senator representative congressman congresswoman governor mayor
    judge chief leader co-leader adviser advisor director chairman chairwoman chair head
    premier chancellor speaker attorney prosecutor commissioner inspector sergeant captain
    colonel lieutenant admiral marshal officer lawmaker legislator counsellor councillor
    councilmember councilman councilwoman coordinator negotiator mediator official diplomat
    lobbyist analyst economist activist lawyer founder executive ceo president-elect
    secretary-general director-general undersecretary aide strategist ombudsman delegate
    candidate nominee mp mep king queen prince princess pope cardinal bishop archbishop rabbi
    imam sheikh emir dr mr mrs ms miss sir dame lord lady prof professor gen lt col maj capt
    adm sen rep gov sgt general-in-chief
    presidente presidenta vicepresidente vicepresidenta ministro ministra exministro exministra
    expresidente expresidenta canciller secretario secretaria portavoz vocero vocera embajador
    embajadora diputado diputada senador senadora alcalde alcaldesa gobernador gobernadora jefe
    jefa líder dirigente directora fiscal juez jueza magistrado magistrada coronel teniente
    capitán almirante comandante mandatario mandataria representante comisionado comisionada
    defensor defensora coordinador coordinadora abogado abogada delegado delegada sr sra señor
    señora don doña dra monseñor obispo arzobispo rey reina príncipe princesa asesor asesora
    concejal concejala negociador negociadora mediador mediadora funcionario funcionaria
    candidato candidata
    """
)
# Words that can come before a role in a title ("Deputy Foreign Minister").
MODIFIERS = _words(
    """
    foreign deputy vice prime defence defense interior state finance economy justice health
    education labour labor trade energy environment agriculture transport information budget
    treasury home first senior junior former acting interim outgoing incoming top national
    security opposition party union army police military government federal regional local
    electricity fisheries maritime infrastructure economic press communications self-proclaimed
    co assistant associate managing high under permanent special supreme court affairs
    alto alta encargado encargada interino interina saliente electo electa adjunto adjunta
    nacional primer primera ex defensa exteriores hacienda economía trabajo gobierno justicia
    salud educación energía interior relaciones exteriores
    """
)
# Capitalised words that make a name an organisation's.
ORGANISATIONS = _words(
    """
    ministry ministerio council consejo assembly asamblea agency agencia group grupo party
    partido union unión nations naciones forces fuerzas force fuerza service servicio office
    oficina department departamento bank banco fund fondo committee comité commission comisión
    court corte tribunal army ejército police policía government gobierno administration
    administración kremlin institute instituto foundation fundación association asociación
    organization organisation organización federation federación league liga front frente
    movement movimiento coalition coalición alliance alianza congress congreso parliament
    parlamento senate senado cabinet gabinete presidency presidencia embassy embajada
    university universidad company corporation times post news television radio press watch
    amnesty cross defensoría fiscalía procuraduría contraloría cancillería secretariat
    guard guardia navy armada white house casa executive ejecutivo
    """
)
PLACES = _words(
    """
    fort san santa saint st mount lake river street avenue plaza square bridge city port puerto
    base palace palacio airport island islands north south east west new gulf sea ocean strait
    shoal valley province provincia county district region republic república kingdom united
    bay cape coast
    january february march april may june july august september october november december
    enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
    monday tuesday wednesday thursday friday saturday sunday
    """
)
# Plural nouns that open a sentence capitalised but name no one ("Diplomats say …").
COMMON_SUBJECTS = _words(
    """
    officials diplomats analysts witnesses residents protesters critics experts observers
    sources lawmakers legislators organizers organisers authorities investigators prosecutors
    doctors police officers activists voters workers students economists opponents supporters
    aides campaigners demonstrators neighbours neighbors families relatives scientists
    fuentes analistas testigos vecinos manifestantes diputados autoridades expertos críticos
    opositores dirigentes funcionarios trabajadores organizaciones portavoces
    """
)
# Gender, where a title or a first name gives it, for "he said" / "she said".
FEMALE = _words(
    """
    spokeswoman congresswoman chairwoman councilwoman businesswoman mrs ms miss madam dame lady
    queen princess mother wife daughter widow grandmother actress presidenta vicepresidenta
    ministra exministra expresidenta secretaria vocera embajadora diputada senadora alcaldesa
    gobernadora jefa directora jueza magistrada mandataria comisionada defensora coordinadora
    abogada delegada sra señora doña dra reina princesa asesora concejala negociadora mediadora
    funcionaria candidata electa encargada interina adjunta
    mary elizabeth karen nancy hillary christine marine margaret michelle rachel sarah catherine
    kathryn kate liz ruth janet nicole claire sophie marie anne ann jane jill susan ellen helen
    alison alice beatrice amy emily lucy judy kelly sally betty holly molly shirley kimberly
    beverly ivy joy irene jennifer megan ingrid carmen isabel beatriz mercedes dolores lourdes
    pilar consuelo soledad raquel inés belén rocío luz miriam esther judith ivonne evelyn denise
    yvonne agnes astrid karin heidi kirsten marisol amparo rosario socorro nieves itziar maite
    jacqueline caroline charlotte louise nathalie valerie marion brigitte edith penelope ngozi
    yuleisy gabrielle danielle annalena ursula giorgia
    """
)
MALE = _words(
    """
    spokesman congressman chairman councilman businessman mr sir lord king prince father husband
    son ministro exministro secretario vocero embajador diputado senador alcalde gobernador
    director magistrado mandatario comisionado defensor coordinador abogado delegado sr señor
    don rey príncipe asesor concejal negociador mediador funcionario candidato electo encargado
    interino adjunto
    john mike michael david james robert william richard joseph thomas charles daniel matthew
    donald mark paul steven andrew kenneth kevin brian george edward ronald timothy jason jeffrey
    ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel
    frank gregory raymond alexander patrick jack dennis jerry tyler aaron henry adam douglas
    nathan peter zachary kyle walter harold jeremy ethan carl keith roger gerald christian terry
    sean arthur austin lawrence jesse joe bryan billy jordan albert bruce gabriel alan juan luis
    carlos jorge miguel jesús manuel fernando rafael andrés javier raúl ramón iván julián
    nicolás sergei sergey vladimir dmitry dmitri yuri boris alexei alexey igor oleg viktor
    nikolai mikhail emmanuel olaf karl hans klaus xavier françois jean pierre jacques étienne
    marcel olivier mohammed muhammad ahmed ali omar hassan hussein khalid hamdan recep bola musa
    thabo cyril pieter jan willem rishi narendra rahul vikram harjit tom tim ben sam bob bill
    jim tony nick dan ted pete abdel abdul luiz jair nayib sebastián joaquín agustín martín
    cristian esteban felipe enrique óscar edgar rené josep jordi oriol zoltán istván lászló avi
    yair naftali isaac moshe alcides rubén ángel israel moisés elías alexis luca joshua nikita
    ilya mustafa hamza
    """
)

_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:['’\-]\w+)*|[^\w\s]")
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
_MARKS = re.compile(r"[\"“”«»]")
_CLOSERS = {"“": "”", "”": "”", "«": "»", '"': '"'}
_QUOTE_CHARS = frozenset('"“”«»')
_ABBREVIATED = _words("gen sen rep gov dr mr mrs ms lt col sr sra jr st prof maj capt adm sgt dra")


@dataclass(frozen=True)
class Quote:
    """One quotation found in an article (the quotes table's columns less outlet and url)."""

    speaker: str
    actor: str
    kind: str
    words: int
    text: str
    sentence: str


@dataclass
class _Attribution:
    a: int  # token range of the speaker's phrase (a == b: implicit subject, Spanish "dijo")
    b: int
    verb: int  # token index of the attributing verb (-1 for "according to")
    title: tuple[int, int] | None = None  # token range of an appositive title
    speaker: str = ""  # filled in by resolution
    actor: str = ""


@dataclass
class _QuoteSpan:
    open: int  # offset of the opening mark
    close: int  # offset of the closing mark, or the paragraph's end when unclosed
    closed: bool
    paragraph: int
    inner: str
    words: int
    attribution: _Attribution | None = None
    end: int = 0  # where the attribution ends, for the next quote's prefix and the evidence
    parts: list[_QuoteSpan] = field(default_factory=list)
    source: _QuoteSpan | None = None  # the quote whose speaker this one continues
    dropped: bool = False


@dataclass
class _Person:
    key: str  # the speaker's name as shown: the actor's name or the fullest form seen
    actor: str
    tokens: tuple[str, ...]  # folded name words
    gender: str = ""  # "f", "m" or "" (unknown)
    titles: set[str] = field(default_factory=set)  # folded title words attached to the name
    mentions: list[int] = field(default_factory=list)  # offsets where the name occurs


@lru_cache(maxsize=65536)
def _actor_of(text: str, actors: tuple[Actor, ...]) -> str:
    """The actor a name or phrase names (its longest alias wins), or ""."""
    if not actors or not text:
        return ""
    mentions = find_mentions(text, actors)
    if not mentions:
        return ""
    return max(mentions, key=lambda m: m.end - m.start).actor


def _gender(title_words: set[str] | frozenset[str], name: tuple[str, ...]) -> str:
    """Gender from a title, else from a first name; "" when neither says."""
    # "la portavoz", "el canciller": a Spanish article before a role gives the gender
    if title_words & FEMALE or "la" in title_words:
        return "f"
    if title_words & MALE or "el" in title_words:
        return "m"
    if len(name) >= 2:
        first = name[0]
        if first in FEMALE:
            return "f"
        if first in MALE:
            return "m"
        # Spanish and Italian first names: -a is mostly female, -o mostly male
        if first.endswith("a") and len(first) > 2:
            return "f"
        if first.endswith("o") and len(first) > 2:
            return "m"
    last = name[-1] if name else ""
    if last.endswith(("ova", "eva", "yova", "skaya")):
        return "f"
    return ""


class _Article:
    """One article's text with its tokens, quotations, people and attributions."""

    def __init__(self, text: str, actors: tuple[Actor, ...]) -> None:
        self.text = text
        self.actors = actors
        spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.toks = [text[s:e] for s, e in spans]
        folded, offsets = fold_with_offsets(text)
        if offsets is None:
            self.lows = [folded[s:e] for s, e in spans]
        else:
            self.lows = [fold(t) for t in self.toks]
        self.n = len(self.toks)
        # capitalised words, the raw material of names
        self.caps = [t[0].isupper() and t[0].isalpha() for t in self.toks]
        self.speech = [i for i, low in enumerate(self.lows) if low in SPEECH_VERBS]
        self.sentences = sentence_spans(text)
        self.sentence_starts = [s for s, _ in self.sentences]
        self.paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
        self.quotes: list[_QuoteSpan] = []
        self.attribution_verbs: set[int] = set()
        self.people: dict[str, _Person] = {}
        self.candidates: list[tuple[int, str]] = []  # (offset, person key) for pronouns
        self.groups: list[tuple[int, str, str]] = []  # (offset, speaker, actor): organisations

    # ---------------------------------------------------------------- token helpers

    def tok_at(self, offset: int) -> int:
        """Index of the first token starting at or after a character offset."""
        return bisect.bisect_left(self.starts, offset)

    def sentence_of(self, offset: int) -> tuple[int, int]:
        i = max(bisect.bisect_right(self.sentence_starts, offset) - 1, 0)
        return self.sentences[i] if self.sentences else (0, len(self.text))

    def is_cap(self, i: int) -> bool:
        return self.toks[i][0].isupper()

    def is_speech(self, i: int) -> bool:
        return self.lows[i] in SPEECH_VERBS and not self.is_cap_mid(i)

    def is_cap_mid(self, i: int) -> bool:
        """A capitalised verb form inside a sentence is a name or heading word, not a verb."""
        if not self.is_cap(i):
            return False
        start, _ = self.sentence_of(self.starts[i])
        return self.starts[i] != start and self.toks[i - 1] not in _QUOTE_CHARS

    def span_text(self, a: int, b: int) -> str:
        return self.text[self.starts[a] : self.ends[b - 1]] if b > a else ""

    def in_quote(self, offset: int) -> bool:
        return any(q.open < offset < q.close for q in self.quotes)

    def np_token(self, i: int) -> bool:
        """Can token i be part of a speaker's noun phrase?"""
        tok, low = self.toks[i], self.lows[i]
        if not tok[0].isalnum():
            return tok == "." and i > 0 and self.lows[i - 1] in _ABBREVIATED
        if tok.isupper() and len(tok) > 1:
            return True  # an acronym ("US", "EU"), even where it spells a function word
        if low in DETERMINERS or low in CONNECTORS:
            return True
        if low in BREAK or low in SPEECH_VERBS or low in QUOTING_VERBS:
            return False
        if tok[0].isupper():
            return True
        if tok[0].isdigit():
            return False
        after_determiner = i > 0 and self.lows[i - 1] in DETERMINERS
        if low.endswith("ly") and len(low) > 4:
            return False
        if low.endswith(("ed", "ing")) and not after_determiner:
            return False
        # Spanish finite verbs: afirmó, convocaron, defendieron
        return not tok.endswith(("ó", "aron", "ieron"))

    # ---------------------------------------------------------------- noun phrases

    def np_back(self, j: int, lo: int) -> int | None:
        """Start of the longest speaker phrase ending at token j (inclusive), or None."""
        a = j + 1
        k = j
        while k >= lo and a - k <= 12:
            low = self.lows[k]
            if low == "in" and a <= j and k > lo and self.lows[k - 1].endswith("s"):
                k -= 1  # "officials in Caracas", "diplomats in the region"
                continue
            if low in ("and", "y") and a <= j and k > lo and self.is_cap(k - 1):
                k -= 1  # "Saudi and US mediators"
                continue
            if not self.np_token(k):
                break
            a = k
            if low in DETERMINERS and not (k > lo and self.lows[k - 1] in CONNECTORS):
                break  # a determiner opens the phrase
            k -= 1
        while a <= j and self.lows[a] in CONNECTORS | {"and", "y", "in"}:
            a += 1
        return a if a <= j else None

    def np_forward(self, i: int, hi: int, *, to_comma: bool = False) -> tuple[int, int] | None:
        """The speaker phrase starting at token i: (start, end) tokens, or None.

        After a verb the phrase ends at a preposition ("said Ryabkov in an interview"); after
        "according to" it runs to the comma ("according to satellite data from the institute,").
        An appositive name after a description is kept: "afirmó el defensor, Ignacio Ruiz Díaz".
        """
        j = i
        limit = min(hi, i + (16 if to_comma else 12))
        while j < limit:
            tok, low = self.toks[j], self.lows[j]
            abbreviation = tok == "." and j > i and self.lows[j - 1] in _ABBREVIATED
            joined = tok in "'’" or (tok == "-" and j > i)
            if not tok[0].isalnum() and not abbreviation and not joined:
                break
            if not to_comma:
                idiom = j > i and (self.lows[j - 1], low) in (("familiar", "with"), ("close", "to"))
                # "a" opens "said a mediator" but ends "dijo López a la prensa"
                if low in FORWARD_STOP and not idiom and not (j == i and low in DETERMINERS):
                    break
                if (low in SPEECH_VERBS or low in RELATIVE) and j > i:
                    break
                if j > i and not self.np_token(j) and not idiom:
                    break
            elif low in RELATIVE and j > i:
                break
            j += 1
        if j == i:
            return None
        # an appositive name after a description: "the minister, Ana López,"
        if (
            j < hi
            and self.toks[j] == ","
            and (not self.is_cap(j - 1) or self.lows[i] in DETERMINERS)
        ):
            k = j + 1
            m = k
            while m < hi and (self.is_cap(m) or (m > k and self.lows[m] in NAME_PARTICLES)):
                m += 1
            ends_well = m >= hi or not self.toks[m][0].isalnum() or self.lows[m] in FORWARD_STOP
            if m > k and ends_well and self.name_start(k, m) == k:
                return i, m
        return i, j

    def name_start(self, a: int, b: int) -> int:
        """Start of the personal name at the end of tokens [a, b): title words stay outside."""
        k = b - 1
        start = b
        while k >= a and b - k <= 5:
            tok, low = self.toks[k], self.lows[k]
            if tok[0].isupper() and tok.isupper() and len(tok) > 1 and "." not in tok:
                break  # an acronym: an organisation, not a person
            if tok[0].isupper() and low not in _NOT_NAMES:
                start = k
            elif low in NAME_PARTICLES and start < b and k > a and self.is_cap(k - 1):
                pass
            else:
                break
            k -= 1
        while start < b and self.lows[start] in NAME_PARTICLES and not self.is_cap(start):
            start += 1
        return start

    def clause_subject(self, j: int, lo: int) -> tuple[int, int] | None:
        """The subject of the clause a conjoined verb belongs to ("X accused Y and said")."""
        k = j
        while k > lo and self.lows[k - 1] not in _CLAUSE_BREAKS:
            k -= 1
        return self.np_at_start(k, j)

    def np_at_start(self, k: int, hi: int) -> tuple[int, int] | None:
        """The noun phrase opening a clause at token k, past a leading adverbial."""
        if k < hi and (self.lows[k] in LEADING or self.lows[k].endswith("ing")):
            comma = next((m for m in range(k, min(hi, k + 15)) if self.toks[m] == ","), None)
            if comma is not None:
                k = comma + 1
        m = k
        while m < hi and m - k < 10 and self.np_token(m):
            m += 1
        return (k, m) if m > k else None

    def subject_before(self, v: int, lo: int) -> tuple[int, int, tuple[int, int] | None] | None:
        """The speaker of the verb at token v: (start, end, appositive title) or None."""
        j = v - 1
        while j >= lo and (self.lows[j] in ADVERBS or self.lows[j] in TIME_WORDS):
            j -= 1
        if j >= lo + 1 and self.lows[j - 1] == "on" and self.lows[j] in TIME_WORDS:
            j -= 2
        if j < lo:
            return None
        if self.toks[j] == ",":
            return self.appositive_subject(j, lo)
        if self.lows[j] in _CONJUNCTIONS:
            found = self.clause_subject(j, lo)
            return (found[0], found[1], None) if found else None
        a = self.np_back(j, lo)
        if a is None:
            return None
        return a, j + 1, None

    def appositive_subject(
        self, comma: int, lo: int
    ) -> tuple[int, int, tuple[int, int] | None] | None:
        """Subjects with a comma before the verb: "Mogherini, the EU's foreign policy chief,
        said", "El ministro de Trabajo, Pablo Irazábal, sostuvo", "Gaona, a través de su
        abogado, aseguró"."""
        segments = []  # (start, end) tokens, nearest the verb first
        end = comma
        k = comma - 1
        while k >= lo and len(segments) < 4:
            if self.toks[k] == ",":
                segments.append((k + 1, end))
                end = k
            elif not self.toks[k][0].isalnum() and self.toks[k] not in "'’-." + '«»“”"':
                break
            k -= 1
        segments.append((max(k + 1, lo), end))
        segments = [s for s in segments if s[1] > s[0]]
        if not segments:
            return None
        title = None
        for index, (a, b) in enumerate(segments):
            first = self.lows[a]
            head = index == len(segments) - 1  # the clause's first segment
            aside = (
                first in RELATIVE
                or first in LEADING
                or self.toks[a][0].isdigit()
                or self.lows[a].endswith("ing")
                or (not head and (first in DETERMINERS or not self.toks[a][0].isupper()))
            )
            if aside:
                if head:
                    return None
                if set(self.lows[a:b]) & ROLES and first not in RELATIVE | LEADING:
                    title = title or (a, b)
                continue
            # a name or a description, whole; the segment before a name may be its title
            start = self.np_back(b - 1, a)
            if start != a or b - a > 8:
                return None
            if index + 1 < len(segments) and title is None:
                pa, pb = segments[index + 1]
                if not self.toks[pb - 1][0].isupper() or self.lows[pa] in DETERMINERS:
                    title = (pa, pb)
            return start, b, title
        return None

    # ---------------------------------------------------------------- people

    def index_people(self) -> None:
        """People named in the article, their titles, and which of them open a sentence.

        Names are looked up one capitalised run at a time (cached across articles), which is
        much cheaper than matching every alias against the whole text.
        """
        caps = self.caps
        i = 0
        while i < self.n:
            if not caps[i]:
                i += 1
                continue
            j = i + 1
            while j < self.n:
                if caps[j]:
                    j += 1
                elif j + 1 < self.n and caps[j + 1] and self.lows[j] in _JOINERS:
                    j += 2
                else:
                    break
            self.index_run(i, j)
            i = j
        self.candidates.sort()

    def index_run(self, a: int, b: int) -> None:
        offset = self.starts[a]
        if self.in_quote(offset):
            return
        start = self.name_start(a, b)
        if start >= b:
            return
        name = tuple(self.lows[start:b])
        if name[0] in COMMON_SUBJECTS or any(w in ORGANISATIONS or w in PLACES for w in name):
            return
        if start > a and self.lows[start - 1] in CONNECTORS:
            return
        actor = _actor_of(self.span_text(start, b), self.actors)
        known = (
            self.person_for_actor(actor) if actor else self.find_person(name, self.starts[start])
        )
        title = self.title_words(a, start)
        if known is None:
            if len(name) < 2 and not (title & ROLES):
                return
            known = self.new_person(name, start, b)
        known.titles |= title
        if not known.gender:
            known.gender = _gender(title, known.tokens)
        known.mentions.append(self.starts[start])
        if self.at_subject(a):
            self.candidates.append((self.starts[start], known.key))

    def title_words(self, a: int, start: int) -> set[str]:
        """Title words before a name, inside its capitalised run and in lower case before it,
        or in a comma-separated appositive on either side."""
        words = {w for w in self.lows[a:start] if w not in DETERMINERS}
        k = a - 1
        while k >= 0 and a - k <= 5 and self.lows[k] in _TITLE_WORDS:
            words.add(self.lows[k])
            k -= 1
        if k >= 0 and self.lows[k] in ("la", "el") and a - k > 1:
            words.add(self.lows[k])  # "la portavoz", "el canciller": the gender
        # "La portavoz del Gobierno, Marta Quiroga" / "Mogherini, the EU's foreign chief,"
        for lo, hi in self.appositives_around(a, start):
            seg = set(self.lows[lo:hi])
            if seg & ROLES:
                words |= seg - DETERMINERS - CONNECTORS
                if self.lows[lo] in ("la", "el"):
                    words.add(self.lows[lo])
        return words

    def appositives_around(self, a: int, start: int) -> list[tuple[int, int]]:
        found = []
        if start == a and a >= 2 and self.toks[a - 1] == ",":
            k = a - 2
            while k >= 0 and a - k <= 10 and self.toks[k][0].isalnum():
                k -= 1
            found.append((k + 1, a - 1))
        end = start
        while end < self.n and self.is_cap(end):
            end += 1
        if end + 1 < self.n and self.toks[end] == ",":
            k = end + 1
            while (
                k < self.n and k - end <= 10 and (self.toks[k][0].isalnum() or self.toks[k] in "'’")
            ):
                k += 1
            if k < self.n and self.toks[k] in ",.":
                found.append((end + 1, k))
        return found

    def at_subject(self, i: int) -> bool:
        """Does the phrase at token i open its sentence (past titles and a leading adverbial)?"""
        s_start, _ = self.sentence_of(self.starts[i])
        k = self.tok_at(s_start)
        while k < i and self.toks[k] in _QUOTE_CHARS:
            k += 1
        if k < i and (self.lows[k] in LEADING or self.lows[k].endswith("ing")):
            comma = next((m for m in range(k, i) if self.toks[m] == ","), None)
            if comma is None:
                return False
            k = comma + 1
        for m in range(k, i):
            tok, low = self.toks[m], self.lows[m]
            if tok == ",":
                continue
            if not (tok[0].isupper() or low in _TITLE_WORDS or low in DETERMINERS | CONNECTORS):
                return False
        return True

    def person_for_actor(self, actor: str) -> _Person:
        person = self.people.get(actor)
        if person is None:
            tokens = tuple(fold(actor).split())
            person = _Person(actor, actor, tokens, _gender(set(), tokens))
            self.people[actor] = person
        return person

    def new_person(self, name: tuple[str, ...], a: int, b: int) -> _Person:
        key = self.span_text(a, b)
        person = _Person(key, "", name, _gender(set(), name))
        self.people[key] = person
        return person

    def find_person(self, name: tuple[str, ...], offset: int) -> _Person | None:
        """A person already named whose name ends with (or, for one word, contains) this one."""
        best, best_at = None, -1
        for person in self.people.values():
            tokens = person.tokens
            if tokens[-len(name) :] == name or (len(name) == 1 and name[0] in tokens[1:]):
                seen = max((m for m in person.mentions if m <= offset), default=-1)
                if best is None or seen > best_at:
                    best, best_at = person, seen
        return best

    # ---------------------------------------------------------------- quotations

    def find_quotes(self) -> None:
        text = self.text
        for index, (ps, pe) in enumerate(self.paragraphs):
            top: tuple[str, int] | None = None
            depth = 0
            for match in _MARKS.finditer(text, ps, pe):
                mark, at = match.group(), match.start()
                if top is None:
                    opens = mark in '“«"' or (
                        mark == "”"
                        and (at == ps or text[at - 1].isspace())
                        and at + 1 < pe
                        and text[at + 1].isalnum()
                    )
                    if opens:
                        top, depth = (mark, at), 0
                    continue
                if top[0] in "“«" and mark == top[0]:
                    depth += 1
                elif mark == _CLOSERS[top[0]]:
                    if depth:
                        depth -= 1
                    else:
                        self.quotes.append(self.quote_span(top[1], at, True, index))
                        top = None
            if top is not None:
                self.quotes.append(self.quote_span(top[1], pe, False, index))

    def quote_span(self, open_at: int, close_at: int, closed: bool, paragraph: int) -> _QuoteSpan:
        inner = self.text[open_at + 1 : close_at].strip()
        return _QuoteSpan(open_at, close_at, closed, paragraph, inner, len(_WORD.findall(inner)))

    def attribute_quotes(self) -> None:
        """Find each quotation's speaker phrase; join split and continued quotes."""
        previous: _QuoteSpan | None = None
        for k, quote in enumerate(self.quotes):
            ps, pe = self.paragraphs[quote.paragraph]
            nxt = self.quotes[k + 1] if k + 1 < len(self.quotes) else None
            limit = nxt.open if nxt and nxt.paragraph == quote.paragraph else pe
            lower = ps
            if previous and previous.paragraph == quote.paragraph:
                lower = max(previous.close + 1, previous.end)
            quote.end = quote.close + 1
            if quote.closed:
                quote.attribution = self.tail_attribution(quote, limit)
            short = quote.words <= SCARE_QUOTE_WORDS
            if quote.attribution is None and not short:
                quote.attribution = self.prefix_attribution(quote, lower)
            utterance = quote.closed and quote.inner[-1:] in ".,!?…"
            # the short end of a split quote: "“…,” she said, “if I arrive.”"
            split_end = (
                previous is not None
                and previous.paragraph == quote.paragraph
                and previous.attribution is not None
                and self.tok_at(quote.open) - self.tok_at(previous.close + 1) <= 8
            )
            if short and not (utterance and (quote.attribution or split_end)):
                quote.dropped = True  # a scare quote, or a word or two of someone's
                quote.attribution = None
                continue
            if quote.attribution is not None and quote.attribution.verb >= 0:
                self.attribution_verbs.add(quote.attribution.verb)
            previous = quote
        self.drop_repeats()
        self.join_quotes()

    def tail_attribution(self, quote: _QuoteSpan, limit: int) -> _Attribution | None:
        """ ", said X", ", X said", "», afirmó X", ", he told reporters" after the quote."""
        i = self.tok_at(quote.close + 1)
        if i >= self.n or self.starts[i] >= limit:
            return None
        s_start, s_end = self.sentence_of(self.starts[i])
        # a quote that ended its sentence is attributed by the next only if it is short and
        # whole ("“We will win.” Pompeo said."), not by a new sentence about something else
        new_sentence = s_start > quote.open and self.text[quote.close - 1] in ".!?…"
        if new_sentence and limit < s_end:
            return None
        hi = i
        while hi < self.n and self.starts[hi] < min(limit, s_end):
            hi += 1
        j = i
        while j < hi and self.toks[j] in (",", "—", "–", "-", ")"):
            j += 1
        while j + 1 < hi and self.lows[j] in AUXILIARIES and self.is_speech(j + 1):
            j += 1  # "ha afirmado Rubio"
        if j >= hi:
            return None
        if self.is_speech(j):
            found = self.np_forward(j + 1, hi)
            if found is None:
                if self.lows[j] not in SPANISH_VERBS:
                    return None
                attribution = _Attribution(j + 1, j + 1, j)
                quote.end = self.ends[j]
            else:
                attribution = _Attribution(found[0], found[1], j)
                quote.end = self.ends[found[1] - 1]
            return attribution if self.plain_tail(attribution, hi, new_sentence) else None
        for v in range(j, min(hi, j + 14)):
            if self.is_speech(v):
                break
            if self.toks[v] != "," and not self.np_token(v) and self.lows[v] not in AUXILIARIES:
                return None
        else:
            return None
        subject = self.subject_before(v, j)
        if subject is None:
            return None
        attribution = _Attribution(subject[0], subject[1], v, subject[2])
        quote.end = self.ends[v]
        return attribution if self.plain_tail(attribution, hi, new_sentence) else None

    def plain_tail(self, attribution: _Attribution, hi: int, new_sentence: bool) -> bool:
        """After a quote that ended its sentence, only a short "Pompeo said." attributes it."""
        if not new_sentence:
            return True
        after = max(attribution.b, attribution.verb + 1)
        rest = [low for low in self.lows[after:hi] if low.isalnum()]
        return len(rest) <= 6 and not THAT & set(rest)

    def prefix_attribution(self, quote: _QuoteSpan, lower: int) -> _Attribution | None:
        """ "X said: “…”", "según X, «…»", "X said the forces were “united as never before”"."""
        s_start, _ = self.sentence_of(quote.open)
        a = self.tok_at(max(s_start, lower))
        b = self.tok_at(quote.open)
        if a >= b:
            return self.colon_before(quote)
        for v in range(b - 1, max(a, b - 30) - 1, -1):
            low = self.lows[v]
            if (low in SPEECH_VERBS or low in QUOTING_VERBS) and not self.is_cap_mid(v):
                subject = self.subject_before(v, a)
                if subject is not None:
                    quote.end = max(quote.end, quote.close + 1)
                    return _Attribution(subject[0], subject[1], v, subject[2])
                if v == a and low in SPANISH_VERBS:
                    return _Attribution(v, v, v)
        according = self.according_to(a, b)
        if according is not None:
            return _Attribution(according[0], according[1], -1)
        return None

    def colon_before(self, quote: _QuoteSpan) -> _Attribution | None:
        """A quote opening its paragraph after "Cabello told the crowd:" in the one before."""
        ps, _ = self.paragraphs[quote.paragraph]
        if quote.open != ps or quote.paragraph == 0:
            return None
        qs, qe = self.paragraphs[quote.paragraph - 1]
        if not self.text[qs:qe].rstrip().endswith(":"):
            return None
        s_start, _ = self.sentence_of(qe - 1)
        a, b = self.tok_at(s_start), self.tok_at(qe)
        for v in range(b - 1, a - 1, -1):
            if self.is_speech(v):
                subject = self.subject_before(v, a)
                if subject is not None:
                    return _Attribution(subject[0], subject[1], v, subject[2])
        return None

    def according_to(self, a: int, b: int) -> tuple[int, int] | None:
        """The source after "according to", "según", "de acuerdo con" within tokens [a, b)."""
        for k in range(a, b):
            for phrase in ACCORDING:
                if tuple(self.lows[k : k + len(phrase)]) == phrase:
                    i = k + len(phrase)
                    if i < b and self.is_speech(i):
                        i += 1  # "según relató su equipo de prensa"
                    found = self.np_forward(i, b, to_comma=True)
                    if found:
                        return found
        return None

    def drop_repeats(self) -> None:
        """A pull quote repeats words quoted elsewhere in the article: count them once."""
        kept = [q for q in self.quotes if not q.dropped]
        keys = {id(q): " ".join(w.lower() for w in _WORD.findall(q.inner)) for q in kept}
        for quote in kept:
            key = keys[id(quote)]
            for other in kept:
                if other is quote or other.dropped or key not in keys[id(other)]:
                    continue
                same = key == keys[id(other)]
                if not same or (quote.attribution is None and other.attribution is not None):
                    quote.dropped = True
                    break
                if same and other.open < quote.open:
                    quote.dropped = True
                    break

    def join_quotes(self) -> None:
        """Split quotes ("“A,” he said. “B.”") and quotes running over paragraphs become one;
        a quote standing as its own paragraph after a speaker's quote continues that speaker."""
        kept = [q for q in self.quotes if not q.dropped]
        for k, quote in enumerate(kept):
            if quote.attribution is not None or k == 0:
                continue
            previous = kept[k - 1]
            root = previous.source or previous
            ps, pe = self.paragraphs[quote.paragraph]
            if previous.paragraph == quote.paragraph and root.attribution is not None:
                gap = self.tok_at(quote.open) - self.tok_at(previous.close + 1)
                if gap <= 15:
                    root.parts.append(quote)
                    quote.source = root
                    continue
            if previous.paragraph == quote.paragraph - 1 and quote.open == ps:
                if not previous.closed:
                    root.parts.append(quote)  # the quote carries on into this paragraph
                    quote.source = root
                    continue
                standalone = quote.close >= pe - 1 and quote.inner[-1:] in ".!?…"
                if standalone and root.attribution is not None:
                    quote.source = root  # same speaker, its own quotation
        # an unclosed quote with no speaker takes the speaker of its continuation
        for k in range(len(kept) - 2, -1, -1):
            quote, nxt = kept[k], kept[k + 1]
            if quote.closed or quote.attribution is not None or quote.source is not None:
                continue
            nxt_root = nxt.source or nxt
            if nxt.paragraph == quote.paragraph + 1 and nxt_root.attribution is not None:
                nxt_root.parts.insert(0, quote)
                quote.source = nxt_root
                if nxt_root is nxt and nxt.source is None:
                    nxt.parts.sort(key=lambda q: q.open)

    # ---------------------------------------------------------------- reported speech

    def indirect(self) -> list[tuple[_Attribution, int, int, int]]:
        """(attribution, content start, content end, sentence start) per reported sentence."""
        found = []
        marked = {self.starts[i] for i in self.speech}
        marked |= {self.starts[i] for i, low in enumerate(self.lows) if low in _ACCORDING_FIRST}
        if not marked:
            return found
        marks = sorted(marked)
        for s_start, s_end in self.sentences:
            k = bisect.bisect_left(marks, s_start)
            if k == len(marks) or marks[k] >= s_end:
                continue  # no speech verb, no "according to": nothing reported here
            a, b = self.tok_at(s_start), self.tok_at(s_end)
            while b > a and not self.toks[b - 1][0].isalnum() and self.toks[b - 1] not in '”»"':
                b -= 1
            result = self.reported(a, b)
            if result is not None:
                found.append((*result, s_start))
        return found

    def reported(self, a: int, b: int) -> tuple[_Attribution, int, int] | None:
        verbs = [
            v
            for v in self.speech[
                bisect.bisect_left(self.speech, a) : bisect.bisect_left(self.speech, b)
            ]
            if self.is_speech(v)
            and v not in self.attribution_verbs
            and not self.in_quote(self.starts[v])
        ]
        for v in verbs:
            subject = self.subject_before(v, a)
            if subject is None:
                if not (v == a and self.lows[v] in SPANISH_VERBS):
                    continue
                subject = (v, v, None)
            clause = self.clause_after(v, b)
            if clause is not None:
                return _Attribution(subject[0], subject[1], v, subject[2]), *clause
        for p in range(a + 1, b):
            if self.lows[p] in PARTICIPLES and self.toks[p - 1] == ",":
                found = self.participle(p, a, b)
                if found is not None:
                    return found
        if verbs:
            found = self.clause_final(verbs[-1], a, b)
            if found is not None:
                return found
        return self.reported_according(a, b)

    def participle(self, p: int, a: int, b: int) -> tuple[_Attribution, int, int] | None:
        """ ", adding that …" takes the speaker of the verb before it in the sentence."""
        clause = self.clause_after(p, b)
        if clause is None:
            return None
        for v in range(p - 1, a - 1, -1):
            if self.is_speech(v):
                lower = a
                for quote in self.quotes:
                    if quote.close < self.starts[v] and quote.close >= self.starts[a]:
                        lower = max(lower, self.tok_at(quote.close + 1))
                subject = self.subject_before(v, lower)
                if subject is None:
                    found = self.np_forward(v + 1, p)
                    subject = (found[0], found[1], None) if found else None
                if subject is not None:
                    return _Attribution(subject[0], subject[1], p, subject[2]), *clause
                return None
        return None

    def clause_after(self, v: int, b: int) -> tuple[int, int] | None:
        """The reported clause after a verb: after "that"/"que", or straight after say/tell."""
        start = None
        for k in range(v + 1, min(b, v + 10)):
            if self.lows[k] in THAT:
                start = k + 1
                break
            if self.toks[k] in '.;:“«"' or self.is_speech(k):
                break
        if start is None:
            if self.lows[v] not in SAY_VERBS:
                return None
            k = v + 1
            if self.lows[v] in TELL_VERBS:
                if k < b and self.lows[k] in DETERMINERS:
                    k += 1
                if k < b and self.np_token(k) and not self.is_cap(k):
                    k += 1
                else:
                    return None
            while k < b and (self.lows[k] in TIME_WORDS or self.lows[k] == "on"):
                k += 1
            if k >= b or not self.clause_start(k):
                return None
            early = self.lows[k : min(b, k + 10)]
            if not any(w in FINITE or (w.endswith("ed") and len(w) > 3) for w in early):
                return None
            start = k
        if start >= b:
            return None
        end = self.clip(start, b)
        if end is None or len([t for t in self.toks[start:end] if t[0].isalnum()]) < 3:
            return None
        return start, end

    def clause_start(self, k: int) -> bool:
        tok, low = self.toks[k], self.lows[k]
        nxt = self.lows[k + 1] if k + 1 < self.n else ""
        if (low, nxt) in (("at", "least"), ("more", "than"), ("al", "menos"), ("mas", "de")):
            return True
        if low in _CLAUSE_OPENERS:
            return True
        if low in DETERMINERS or tok[0].isupper() or tok[0].isdigit():
            return True
        return self.np_token(k) and low not in FORWARD_STOP and not low.endswith("ly")

    def clip(self, start: int, end: int) -> int | None:
        """Where a reported clause ends: before a trailing ", the ministry said", and before a
        direct quote with its own verb; None when a direct quote sits inside the clause."""
        for quote in self.quotes:
            if quote.dropped or not (self.starts[start] <= quote.open < self.starts[end - 1] + 1):
                continue
            q = self.tok_at(quote.open)
            for c in range(q - 1, start, -1):
                if self.toks[c] == ",":
                    if any(self.is_speech(m) or self.lows[m] in QUOTING_VERBS for m in range(c, q)):
                        end = c
                        break
                    return None
            else:
                return None
        for c in range(start + 1, end):
            trailing = self.toks[c] == "," and end - c <= 10
            if trailing and any(self.is_speech(m) for m in range(c + 1, end)):
                return c
            # "…, while Russia accused Washington …": another subject's clause
            if self.toks[c] == ";" or (
                self.toks[c] == "," and c + 1 < end and self.lows[c + 1] in _CLAUSE_BREAKS
            ):
                return c
        return end

    def clause_final(self, v: int, a: int, b: int) -> tuple[_Attribution, int, int] | None:
        """ "…, protest organisers said.", "…, said Deputy Foreign Minister Sergei Ryabkov."."""
        inverted = v > a and self.toks[v - 1] == "," and self.subject_before(v, a) is None
        if inverted:
            found = self.np_forward(v + 1, b)
            if found is None:
                return None
            attribution, comma, after = _Attribution(found[0], found[1], v), v - 1, found[1]
        else:
            comma = next((c for c in range(v - 1, a, -1) if self.toks[c] == ","), None)
            if comma is None or v - comma > 11:
                return None
            if not all(
                self.np_token(m) or self.lows[m] in ("and", "y") for m in range(comma + 1, v)
            ):
                return None
            subject = self.subject_before(v, comma + 1)
            if subject is None:
                return None
            attribution, after = _Attribution(subject[0], subject[1], v), v + 1
        rest = self.lows[after:b]
        if len(rest) > 8 or THAT & set(rest) or FINITE & set(rest):
            return None
        if rest and not (rest[0] in FORWARD_STOP or rest[0] in TIME_WORDS or not rest[0].isalnum()):
            return None
        if len([t for t in self.toks[a:comma] if t[0].isalnum()]) < 4:
            return None
        if any(q.open < self.starts[comma] and q.close > self.starts[a] for q in self.kept()):
            return None
        return attribution, a, comma

    def reported_according(self, a: int, b: int) -> tuple[_Attribution, int, int] | None:
        for k in range(a, b):
            if self.lows[k] not in _ACCORDING_FIRST:
                continue
            for phrase in ACCORDING:
                if tuple(self.lows[k : k + len(phrase)]) != phrase:
                    continue
                i = k + len(phrase)
                if i < b and self.is_speech(i):
                    i += 1
                found = self.np_forward(i, b, to_comma=True)
                if found is None:
                    return None
                attribution = _Attribution(found[0], found[1], -1)
                if k == a:
                    start = (
                        found[1] + 1 if found[1] < b and self.toks[found[1]] == "," else found[1]
                    )
                    end = b
                else:
                    start, end = a, k
                    while end > start and not self.toks[end - 1][0].isalnum():
                        end -= 1
                if len([t for t in self.toks[start:end] if t[0].isalnum()]) < 4:
                    return None
                if any(
                    q.open < self.starts[end - 1] and q.close > self.starts[start]
                    for q in self.kept()
                ):
                    return None
                return attribution, start, end
        return None

    def kept(self) -> list[_QuoteSpan]:
        return [q for q in self.quotes if not q.dropped and (q.attribution or q.source)]

    # ---------------------------------------------------------------- speakers

    def resolve(self, attribution: _Attribution, offset: int) -> None:
        """Set the attribution's speaker and actor from its phrase and the article so far."""
        a, b = attribution.a, attribution.b
        if a == b or (b - a == 1 and self.toks[a].lower() in PRONOUNS):
            gender = PRONOUNS.get(self.toks[a].lower(), "") if b > a else ""
            person = self.recent_person(offset, gender)
            if person is not None:
                attribution.speaker, attribution.actor = person.key, person.actor
                person.mentions.append(offset)
                bisect.insort(self.candidates, (offset, person.key))
            return
        if b - a == 1 and self.lows[a] in GROUP_PRONOUNS:
            if self.groups and self.groups[-1][0] < offset:
                _, attribution.speaker, attribution.actor = self.groups[-1]
            return
        phrase = self.span_text(a, b)
        start = self.name_start(a, b)
        words = [w for w in self.lows[a:b] if w.isalnum() or "-" in w or "'" in w]
        organisation = any(
            self.is_cap(k)
            and (self.lows[k] in ORGANISATIONS or self.toks[k].isupper())
            and len(self.toks[k]) > 1
            for k in range(a, b)
        )
        complement = (
            start > a
            and not self.is_cap(start - 1)
            and self.lows[start - 1] in FORWARD_STOP | CONNECTORS
        )
        # "el Servicio Electoral", "Ministerio Público": the name belongs to the body
        body = start > a and self.is_cap(start - 1) and self.lows[start - 1] in ORGANISATIONS
        organisation = organisation or body
        common = b - start == 1 and self.lows[start] in COMMON_SUBJECTS
        if start < b and not (complement or common or body or (organisation and start == a)):
            name = tuple(self.lows[start:b])
            title = self.title_words(a, start)
            if attribution.title:
                ta, tb = attribution.title
                title |= set(self.lows[ta:tb]) - DETERMINERS - CONNECTORS
            person = self.find_person(name, self.starts[start])
            if person is None:
                actor = _actor_of(self.span_text(start, b), self.actors) or _actor_of(
                    phrase, self.actors
                )
                if not actor and len(name) == 1 and not title & ROLES:
                    # a lone capitalised word with no title: a place or a body ("Moscow said")
                    attribution.speaker = self.span_text(start, b)
                    self.groups.append((offset, attribution.speaker, ""))
                    return
                person = self.person_for_actor(actor) if actor else self.new_person(name, start, b)
            person.titles |= title
            person.mentions.append(self.starts[start])
            if not person.gender:
                person.gender = _gender(title, person.tokens)
            attribution.speaker, attribution.actor = person.key, person.actor
            bisect.insort(self.candidates, (offset, person.key))
            return
        description = phrase
        # "The ministry" / "Organizers" open a sentence: their capital is not a name's
        if (
            words
            and (words[0] in DETERMINERS or words[0] in COMMON_SUBJECTS)
            and not (self.toks[a].isupper() and len(self.toks[a]) > 1)
        ):
            description = phrase[0].lower() + phrase[1:]
        if not organisation and words and words[0] in DEFINITE:
            person = self.person_for_description(words, offset)
            if person is not None:
                attribution.speaker, attribution.actor = person.key, person.actor
                person.mentions.append(offset)  # being quoted makes them the one in view
                bisect.insort(self.candidates, (offset, person.key))
                return
            head = words[-1]
            for _, speaker, actor in reversed(self.groups):
                if head in fold(speaker).split():
                    attribution.speaker, attribution.actor = speaker, actor
                    return
        attribution.speaker = description
        attribution.actor = _actor_head(phrase, self.actors) if organisation else ""
        self.groups.append((offset, description, attribution.actor))

    def recent_person(self, offset: int, gender: str, *, titled: bool = False) -> _Person | None:
        """The latest speaker or sentence subject before the offset that fits the gender."""
        i = bisect.bisect_left(self.candidates, (offset, ""))
        for _, key in reversed(self.candidates[:i]):
            person = self.people[key]
            if titled and not person.titles & ROLES:
                continue
            if not gender or not person.gender or person.gender == gender:
                return person
        return None

    def person_for_description(self, words: list[str], offset: int) -> _Person | None:
        """ "the Russian deputy foreign minister" → the person titled "Deputy Foreign Minister"."""
        phrase = " ".join(words)
        heads = {words[-1]}
        for synonym, meant in _SYNONYMS.items():
            if synonym in phrase:
                heads = meant
        if not heads & (ROLES | GENERIC_ROLES):
            return None
        if heads & GENERIC_ROLES:
            gender = "f" if heads & FEMALE else "m" if heads & MALE else ""
            return self.recent_person(offset, gender, titled=True)
        best, best_score = None, (0, -1)
        for person in self.people.values():
            if not person.titles & heads:
                continue
            seen = max((m for m in person.mentions if m < offset), default=-1)
            if seen < 0:
                continue
            score = (len((person.titles - DETERMINERS) & set(words)), seen)
            if score > best_score:
                best, best_score = person, score
        return best


_NOT_NAMES = ROLES | MODIFIERS | ORGANISATIONS | DETERMINERS | BREAK | LEADING | FORWARD_STOP

_JOINERS = NAME_PARTICLES | CONNECTORS
_TITLE_WORDS = ROLES | MODIFIERS
_CLAUSE_BREAKS = _words("while whereas mientras ;")
_CONJUNCTIONS = _words("and y but pero aunque although")
_CLAUSE_OPENERS = _words("he she it they we i there this these those her his its their")

_SYNONYMS = {
    "head of state": {"president"},
    "jefe de estado": {"presidente", "presidenta"},
    "jefa de estado": {"presidenta"},
    "mandatario": {"presidente"},
    "mandataria": {"presidenta"},
    "top diplomat": {"minister", "secretary"},
    "jefe de la diplomacia": {"canciller", "ministro"},
}


def _actor_head(phrase: str, actors: tuple[Actor, ...]) -> str:
    """The actor an organisation's phrase names, when the actor's alias ends the phrase."""
    mentions = find_mentions(phrase, actors) if actors else []
    tail = len(phrase.rstrip(" .,"))
    return next((m.actor for m in mentions if m.end >= tail), "")


def article_quotes(text: str, actors: tuple[Actor, ...] = ()) -> list[Quote]:
    """Every direct and indirect quotation in one article, with its resolved speaker."""
    if not text or not text.strip():
        return []
    article = _Article(text, tuple(actors))
    article.find_quotes()
    article.attribute_quotes()
    article.index_people()
    roots = [q for q in article.quotes if not q.dropped and q.source is None and q.attribution]
    reported = article.indirect()
    # Resolve in reading order, so that "he said" finds the speakers named before it.
    events: list[tuple[int, _Attribution]] = [
        (article.starts[min(q.attribution.a, article.n - 1)], q.attribution) for q in roots
    ]
    events += [(article.starts[min(r[0].a, article.n - 1)], r[0]) for r in reported]
    for offset, attribution in sorted(events, key=lambda e: e[0]):
        article.resolve(attribution, offset)

    found: list[tuple[int, Quote]] = []
    for root in roots:
        attribution = root.attribution
        if not attribution.speaker:
            continue
        parts = sorted([root, *root.parts], key=lambda q: q.open)
        inner = " … ".join(q.inner.rstrip(",").strip() for q in parts)
        followers = [q for q in article.quotes if q.source is root and q not in parts]
        start = min(parts[0].open, article.starts[min(attribution.a, article.n - 1)])
        end = max(parts[-1].close, root.end)
        found.append((start, _quote(article, attribution, "direct", inner, parts, start, end)))
        for follower in followers:
            sentence = article.sentence_of(follower.open)
            found.append(
                (
                    follower.open,
                    _quote(
                        article,
                        attribution,
                        "direct",
                        follower.inner,
                        [follower],
                        sentence[0],
                        follower.close,
                    ),
                )
            )
    for attribution, start, end, _ in reported:
        if not attribution.speaker:
            continue
        clause = _DATELINE.sub("", article.span_text(start, end).strip().rstrip(",;:"))
        s = article.starts[start]
        found.append(
            (s, _quote(article, attribution, "indirect", clause, [], s, article.ends[end - 1]))
        )
    for quote in article.quotes:  # split quotes point at each other: free them without the GC
        quote.parts, quote.source = [], None
    return [quote for _, quote in sorted(found, key=lambda f: f[0])]


def _quote(
    article: _Article,
    attribution: _Attribution,
    kind: str,
    text: str,
    parts: list[_QuoteSpan],
    start: int,
    end: int,
) -> Quote:
    words = sum(q.words for q in parts) if parts else len(_WORD.findall(text))
    s_start, _ = article.sentence_of(start)
    _, s_end = article.sentence_of(max(end - 1, start))
    return Quote(
        attribution.speaker,
        attribution.actor,
        kind,
        words,
        text,
        article.text[s_start : max(s_end, end)].strip(),
    )


def voices_table(quotes: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and speaker: quotations, quoted words and the share of the outlet's words."""
    if quotes.empty:
        return pd.DataFrame(columns=VOICE_COLUMNS)
    table = quotes.groupby(["outlet", "speaker", "actor"], as_index=False, sort=False).agg(
        quotes=("text", "size"), words=("words", "sum")
    )
    totals = table.groupby("outlet")["words"].transform("sum")
    table["share"] = (table["words"] / totals.where(totals > 0)).fillna(0.0).round(4)
    table = table.sort_values(["outlet", "words", "speaker"], ascending=[True, False, True])
    return table[VOICE_COLUMNS].reset_index(drop=True)


def analyse(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """The quotes and voices tables of a corpus (columns in the module docstring)."""
    actors = tuple(corpus.event.actors)
    rows = []
    columns = ["url", "outlet", "text"]
    for url, outlet, text in corpus.documents[columns].itertuples(index=False):
        for quote in article_quotes(text or "", actors):
            rows.append(
                (
                    outlet,
                    url,
                    quote.speaker,
                    quote.actor,
                    quote.kind,
                    quote.words,
                    quote.text,
                    quote.sentence,
                )
            )
    quotes = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    quotes["words"] = quotes["words"].astype(int)
    return {QUOTES: quotes, VOICES: voices_table(quotes)}


# ---------------------------------------------------------------- evaluation


def _plain(text: str) -> str:
    return " ".join(fold(text).split())


def _same_speaker(quote: Quote, label: dict) -> bool:
    """The label's actor when it has one; else the description or name, articles aside."""
    if label.get("actor"):
        return quote.actor == label["actor"]
    if quote.actor:
        return False

    def bare(name: str) -> str:
        words = _plain(name).split()
        while words and words[0] in DETERMINERS:
            words = words[1:]
        return " ".join(words)

    return bare(quote.speaker) == bare(label["speaker"])


def evaluate(samples_path: Path | None = None) -> dict[str, float]:
    """Quotation recall, precision and speaker accuracy on the labelled passages.

    A labelled quotation is found when a quotation found in its passage contains its
    `contains` text; its speaker is right when the found speaker's actor is the labelled actor
    (or, without one, the same name or description, a leading article aside). Precision is the
    share of found quotations that contain some labelled quotation of their passage.
    """
    data = json.loads((samples_path or SAMPLES).read_text(encoding="utf-8"))
    labelled = found = right = kind_right = predicted = matched = 0
    for passage in data["passages"]:
        actors = tuple(
            Actor(a["name"], tuple(a.get("aliases", ()))) for a in passage.get("actors", [])
        )
        quotes = article_quotes(passage["text"], actors)
        texts = [_plain(q.text) for q in quotes]
        hit = [False] * len(quotes)
        for label in passage["quotes"]:
            labelled += 1
            wanted = _plain(label["contains"])
            candidates = [i for i, t in enumerate(texts) if wanted in t]
            for i in candidates:
                hit[i] = True
            if not candidates:
                LOGGER.debug("missed %r", label["contains"])
                continue
            found += 1
            best = next((i for i in candidates if _same_speaker(quotes[i], label)), None)
            if best is not None:
                right += 1
                kind_right += quotes[best].kind == label["kind"]
            else:
                LOGGER.debug("wrong speaker for %r: %r", label["contains"], quotes[candidates[0]])
        predicted += len(quotes)
        matched += sum(hit)
    return {
        "speaker_attribution_accuracy": right / labelled if labelled else 0.0,
        "quote_recall": found / labelled if labelled else 0.0,
        "quote_precision": matched / predicted if predicted else 0.0,
        "quote_kind_accuracy": kind_right / right if right else 0.0,
    }
