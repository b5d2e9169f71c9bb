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

How speakers are found, by rule, in English and Spanish (the words come from models/lexicon):
straight "…", curly “…” and «…» quotation marks, a curly one closed by a straight one too; an
attribution after the quote (", said X", ", X said", ", X told reporters", "», afirmó X"),
before it ("X said: “…”", "según X, «…»", "X rejected the offer, saying, “…”"), or around a
partial quote ("X said the forces were “united as never before”"); a quote split by its
attribution ("“A,” he said. “B.”") and a quote running over paragraphs are one quotation.
Reported speech: "X said (that) …", "X argued / warned / cautioned / insisted / admitted the
plan would …", "X told reporters (in Geneva) …", "X said in a statement (that) …", "…, officials
said.", "according to X, …"; an inverted "…, said X." needs someone who can speak after the verb
(a name, a role, a body, people: not "…, announced his challenge"). Organisations speak as
written ("the State Department said", "a spokeswoman for the Port Authority said"), and "they"
goes back to the last of them. A spokesperson speaks as written ("Dunn's spokesman", "a
spokeswoman for Dunn"): the product never puts words in the principal's mouth, but the quote's
actor is the principal's, since the role is to speak in their name; a person's account ("Dunn's
account tweeted") is the person; a role for someone is the speaker ("said a lawyer for Mr.
Talbot"), and a statement or a letter speaks for whoever issued it ("X said in a statement … the
statement said"). A party and state after a name ("Rep. Tom Hale, R-Iowa, said", "Lowe, D-N.Y.,
said", "Senator Ann Ortiz, Democrat of Nevada, said") are not the speaker, and "X, who said" is
X's; a second verb shares the subject of the first ("X called it “a mess” and said …", "Sen. X
of Ohio, who voted no and complained that …"). A name first met in the possessive ("Sen. Bob
Lane's response") is the same person as a later "Lane". Pronouns ("he said", Spanish "dijo" with
no subject) go to the person in view of fitting gender, whose gender a title ("spokeswoman", "la
ministra", "one of the women"), a first name or the first pronoun after their name gives: a
speaker quoted in this paragraph or the one before, unless the sentence just before has a
subject of its own; else the latest sentence subject; and when the sentence just before names
someone of that gender but has no subject or speaker who fits ("… drew a reply from Rev. Ann
Cole. “…,” she said"), that person, not one in a relative clause or in the possessive; with no
one in view, the last person named. Descriptions ("said the Russian deputy foreign minister",
"the minister added", "the governor said", "el mandatario") go to the person whose title,
attached to the name earlier in the article ("Gov." counts as governor, "Sen." as senator and
lawmaker), fits best; one of someone else's office ("the governor's budget director") stays as
written; a description that is no office ("the Iowa Republican", "the 72-year-old", "the Fox
News host") means the person in view. A quote paragraph right after reported speech is that
speaker's, and so is a quote sentence right after a sentence about one person ("Ruiz was blunt.
“…”", "He bluntly accused the mayor of lying. “…”": the pronoun's person) or led into by a colon
("Ruiz put it bluntly: “…”"); a phrase quoted first ("Ruiz called it “one-sided.”") and then
inside a whole quote with no speaker gives that quote its speaker, the phrase counted once. An
age, an aside or a party in brackets may stand between a speaker and the verb ("Jay Roberts, 60,
said", "Sen. Ruth Ames (D-Ore.) told reporters"), and an attribution may sit inside the sentence
it reports ("The bridge, Lowe said, will …", "The plan, said Ann Lowe, the mayor, was “…”"). A
pull quote repeating words already quoted is counted once. Quoted runs of one to three words are
scare quotes ("self-proclaimed 'interim president'"), not quotations, unless they stand as an
utterance with their own attribution ("“Never,” he said.") or are what a person by name or
"he"/"she" is said to call something ("what Gov. Ann Ortiz called a “vanity project”", "whom he
called a “demagogue”", "Ortiz called it “a mess”" once Ann Ortiz has been named); what "it",
"they" or a group "called" something stays a scare quote. A title in quotation marks inside a
sentence (a show, a book: "on the program “Face the Nation”") is no quotation. More forms: "“…,”
according to X." and "“…,” read a statement from X." after a quote that opens its sentence
(after a partial quote, "according to" names the source of the report, not the speaker); "the
letter states", "the statement from X read" (a document speaks only with "states" or "read"); a
short whole utterance after "said:" or "replied," ("Ortiz replied: “Never.”"); a quote carried
over paragraphs without a new opening mark, as a tweet broken into lines is, up to the mark that
closes it. "The official said" after "one union official said" is that unnamed official, not
someone named earlier; "he" opening the main clause after "When the draft reached Mr. Lee," is
Lee, and "He …" after a sentence naming one person, even in the possessive ("Then came Sen. Bob
Lane's reply. He …"), is that person. A few words a named person or "he"/"she" accuses, warns,
urges or vows with ("accused the mayor of “a cover-up”") are theirs, as with "called".

What it can and cannot show: who is given voice, and how much, in each outlet's coverage. It
cannot show whether the outlet endorses, doubts or mocks what is quoted: a speaker quoted at
length to be rebutted counts as much as one quoted in support. The rules miss unusual
constructions (a speaker named only in an earlier paragraph's description, quotes attributed
by a verb outside the lists, a speaker inside a long relative clause), quotes in single
quotation marks, a word or two a body or a lone word opening the sentence is quoted as calling
something ("Critics called it a “disaster”": read as scare quotes), and quotes whose speaker
cannot be found at all, which are
left out; and they take a reported clause to the end of its sentence. Reported speech counts
words the outlet chose, not the speaker's own. A pronoun goes to the person in view, which is
sometimes the wrong one ("Of Obama, he said" after a sentence about Obama), and a quote with no
attribution after a sentence about someone is taken for theirs.

On real coverage (BASIL, basil-dev: Fox News, the New York Times and HuffPost on 50 events;
models/realdata/basil_quotes.py): of the experts' quoted spans whose speaker is a named person,
0.88 lie inside a quotation found, and the speaker is right for 0.93 of those (0.79 and 0.86 on
the half of the events the rules were not shaped on; the goal there, 0.90, is not reached: the
latest rules, shaped on the other half, left the held-out figures as they were); a naive
baseline that calls every sentence with a quotation mark a quote and names the nearest
capitalised name finds 0.91 but names the right speaker for 0.24 of them. Spans that the
experts give to a side ("Democratic lawmakers") rather than a person cannot be checked for the
speaker; 0.88 of them lie inside a quotation found (0.78 before the rules on dotted party
asides, known surnames "calling" something, phrases quoted before their statement, he/she
sentences before a quote paragraph, conjoined verbs, documents that "state", and quotes carried
over paragraphs without a new opening mark; the baseline 0.95). See `evaluate()` for the
accuracy on the team's labelled passages.
"""

from __future__ import annotations

import pandas as pd

from models.corpus import Corpus
from models.quotes.article import Quote
from models.quotes.evaluation import SAMPLES, evaluate
from models.quotes.find import article_quotes
from models.quotes.voices import QUOTE_COLUMNS, QUOTES, VOICE_COLUMNS, VOICES, voices_table

__all__ = [
    "QUOTES",
    "QUOTE_COLUMNS",
    "SAMPLES",
    "VOICES",
    "VOICE_COLUMNS",
    "Quote",
    "analyse",
    "article_quotes",
    "evaluate",
    "voices_table",
]


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
