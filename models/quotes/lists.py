"""The words the quote rules read, from the shared word lists (models/words.py, models/lexicon).

Each name is one kind of word in every language with a word-list file; the rules combine a few
kinds where they need to ("a speaker's phrase ends at a function word or a preposition of
place").
"""

from __future__ import annotations

from models import words as w

# Verbs that attribute speech, in the forms news prose uses for a speaker.
SPEECH_VERBS = w.words("speech_verbs")
# Verbs that take a partial quotation as their object ("called the decision “blackmail”").
QUOTING_VERBS = w.words("quoting_verbs")
# Verbs a person's few quoted words may follow as object ("accused X of “a cover-up”")
PARTIAL_QUOTE_VERBS = w.words("partial_quote_verbs")
# Verbs of any kind that news prose puts after a speaker ("Ruiz issued a statement:")
VERBS = w.words("verbs") | w.words("lead_in_verbs") | SPEECH_VERBS | QUOTING_VERBS
# Verbs of doing and saying, not "is" or "had": the first verb of "X called it “a mess” and
# said …", whose subject the second verb shares
ACTION_VERBS = w.words("verbs") | SPEECH_VERBS | QUOTING_VERBS
# These take a reported clause without "that": "X said the forces were loyal".
SAY_VERBS = w.words("say_verbs")
TELL_VERBS = w.words("tell_verbs")
# ", adding that …": reported speech hung on the sentence's attribution
PARTICIPLES = w.words("speech_participles")
# "ha afirmado Rubio", "has said"
AUXILIARIES = w.words("perfect_auxiliaries")
# A reported clause without "that" needs a finite verb early on ("said members would walk out").
FINITE = w.words("auxiliaries")
# Speech verbs of languages that drop the subject: "«…», dijo." has the last speaker as subject.
SUBJECTLESS_VERBS = frozenset().union(
    *(w.words("speech_verbs", language) for language in w.flagged("pro_drop"))
)
THAT = w.words("complementisers")
ACCORDING = w.phrases("according")
ACCORDING_FIRST = frozenset(phrase[0] for phrase in ACCORDING)

# Noun phrases of speakers: "several officials", "the minister of defence"
DETERMINERS = w.words("determiners") | w.words("quantifiers")
DEFINITE = w.words("definite")
CONNECTORS = w.words("connectors")
NAME_PARTICLES = w.words("name_particles")
PRONOUNS = w.table("pronouns")
PRONOUN_FORMS = w.table("pronoun_forms")
GENDER_ARTICLES = w.table("gender_articles")
GROUP_PRONOUNS = w.words("group_pronouns")
# Words that never belong inside a speaker's noun phrase.
BREAK = w.words("phrase_breaks")
# Ending a phrase after a speech verb ("said Ryabkov in an interview", "dijo López a la prensa").
FORWARD_STOP = BREAK | w.words("location_prepositions")
# "said in a statement", "told reporters at the summit": where it was said
SETTING_PREPOSITIONS = w.words("setting_prepositions")
TIME_WORDS = w.words("days") | w.words("time_words")
# Between a speaker and the verb: "also said", "has warned", "ha dicho".
ADVERBS = w.words("adverbs") | w.words("before_speech_verb")
NAME_ADVERBS = w.words("name_adverbs")
# Sentence openings that are not the subject ("In Caracas, Guaidó said …").
LEADING = w.words("sentence_openers")
SUBORDINATORS = w.words("subordinators")
RELATIVE = w.words("relatives")
CLAUSE_BREAKS = w.words("clause_breaks") | {";"}
CONJUNCTIONS = w.words("conjunctions")
CLAUSE_OPENERS = w.words("clause_openers")

# People and bodies
ROLES = w.words("role_nouns")
# "Democrat of Connecticut" after a name is the party, not the speaker
PARTY_MEMBERS = w.words("party_members")
# Descriptions that fit any titled person: "the official", "la funcionaria"
GENERIC_ROLES = w.words("generic_roles")
# Descriptions that stand for the person in view: "the Ohio Republican", "the 72-year-old"
DESCRIPTORS = w.words("person_descriptors")
# What someone issues and an article then quotes as speaking: "the statement said"
DOCUMENTS = w.words("documents")
# Verbs a document speaks with, which are no speech verbs after anyone else ("the letter
# states", but "the rural states that …")
DOCUMENT_VERBS = w.words("document_verbs")
# Roles that carry someone else's word ("a spokeswoman for Ann Lowe"), and a person's own
# posting channel ("Lowe's account tweeted")
SPEAKS_FOR = w.words("speaks_for")
ACCOUNTS = w.words("accounts")
MODIFIERS = w.words("title_modifiers")
# Words in -ed and -ing that are adjectives inside a speaker's phrase ("the leading advocate")
ADJECTIVES = w.words("adjectives_ed") | w.words("adjectives_ing")
ORGANISATIONS = w.words("organisation_words")
PLACES = w.words("place_words") | w.words("months") | w.words("days")
# Plural nouns that open a sentence capitalised but name no one ("Diplomats say …").
COMMON_SUBJECTS = w.words("group_nouns")
# Gender, where a title or a first name gives it, for "he said" / "she said".
FEMALE = w.words("female_titles") | w.words("female_names")
MALE = w.words("male_titles") | w.words("male_names")
ABBREVIATED = w.words("abbreviations")
# "the head of state" is the president, "el mandatario" el presidente
SYNONYMS = w.synonyms("description_synonyms")
# "Gov." is a governor, "Rep." a representative: a description finds the titled person
TITLE_EQUIVALENTS = w.synonyms("title_equivalents")

# (a day ends "an FBI statement released Thursday"; a month can be a name: Theresa May)
NOT_NAMES = (
    ROLES
    | MODIFIERS
    | ORGANISATIONS
    | DETERMINERS
    | BREAK
    | LEADING
    | FORWARD_STOP
    | ADVERBS
    | w.words("days")
)
JOINERS = NAME_PARTICLES | CONNECTORS
TITLE_WORDS = ROLES | MODIFIERS
