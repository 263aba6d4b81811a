"""The words `init` reads a Headline with, in English, Spanish, German and French: folded
(lower case, no accents), inline and small on purpose, so each list explains itself."""

from __future__ import annotations

#: Words that say rank or role rather than trade: never a keyword on their own.
RANK_WORDS = frozenset("""
founder cofounder co owner ceo cto cfo coo cmo president vice vp chief head lead senior
junior sr jr principal managing director manager partner executive officer self employed
freelance freelancer independent chair chairman board member team student intern
fundador fundadora cofundador cofundadora dueno duena propietario propietaria socio socia
gerente director directora jefe jefa autonomo autonoma presidente presidenta
grunder grunderin mitgrunder inhaber inhaberin geschaftsfuhrer geschaftsfuhrerin leiter
leiterin selbststandig selbstandig freiberufler freiberuflerin
fondateur fondatrice cofondateur cofondatrice gerant gerante directeur directrice president
presidente associe associee independant independante
""".split())

#: Stop words of the four languages.
STOP_WORDS = frozenset("""
a an and the of at for to in on with by from into about as is are be your you my our we i
me us it its that this who which what how or nor but so than then just more most all any
each every both other some such only own same very can will via per amp
y e o de del la el los las un una unos unas mi mis tu su sus con para por en al que
und der die das den dem des ein eine einer fur mit von vom zum zur im am bei auf aus ihr
ihre mein meine
et du des le les une pour avec chez sur au aux mon ma mes votre vos nous je
""".split())

#: Where the part of a Headline that says what you do ends, and whom it is for begins
#: (`para`, `für`, `pour`: "Diseño web para pymes").
CUT_WORDS = ("for|to|in|with|helping|helps|who|that|from|by|across|serving|since|near|around|"
             "para|con|desde|ayudando|ayudo|fur|für|mit|bei|pour|avec|chez|aupres|auprès")
#: "and" of the four languages (`y`, `und`, `et`).
AND_WORDS = "and|y|e|und|et"

#: An activity and the person who does it: a competitor is called a "web designer" in
#: their Position far more often than "web design".
AGENT_NOUNS = {"design": "designer", "development": "developer", "photography": "photographer",
               "marketing": "marketer", "consulting": "consultant", "writing": "writer",
               "copywriting": "copywriter", "engineering": "engineer",
               "accounting": "accountant", "coaching": "coach", "programming": "programmer",
               "illustration": "illustrator", "translation": "translator",
               "architecture": "architect", "recruiting": "recruiter", "training": "trainer",
               "bookkeeping": "bookkeeper", "videography": "videographer",
               "editing": "editor", "planning": "planner", "landscaping": "landscaper",
               "cleaning": "cleaner", "tutoring": "tutor", "analytics": "analyst",
               "diseno": "disenador", "desarrollo": "desarrollador", "fotografia": "fotografo",
               "traduccion": "traductor", "entwicklung": "entwickler",
               "beratung": "berater", "developpement": "developpeur",
               "traduction": "traducteur"}

#: What a trade is called: a keyword proposed from the Headline must end in one of these
#: (English, German) or start with one (Spanish, French: "diseño web", "développeur web").
OCCUPATIONS = frozenset("""
design designer designers developer developers development agency agencies studio studios
consultant consultants consulting consultancy photographer photographers photography
accountant accountants accounting marketing marketer marketers engineering engineer engineers
copywriter copywriters copywriting writer writers writing strategist strategists realtor
realtors broker brokers architect architects architecture coach coaches coaching
videographer videographers videography programmer programmers programming illustrator
illustrators illustration translator translators translation recruiter recruiters recruiting
recruitment staffing trainer trainers training bookkeeper bookkeepers bookkeeping editor
editors editing planner planners planning landscaper landscapers landscaping cleaner cleaners
cleaning tutor tutors tutoring analyst analysts analytics lawyer lawyers attorney attorneys
solicitor solicitors therapist therapists dentist dentists physician physicians nurse nurses
pharmacist pharmacists plumber plumbers electrician electricians contractor contractors
carpenter carpenters mechanic mechanics chef chefs baker bakers bakery caterer catering
florist florists stylist stylists hairdresser hairdressers barber barbers salon salons
clinic firm firms practice advertising branding seo sem ppc ux ui software saas hosting
manufacturing construction insurance finance banking logistics hospitality retail ecommerce
e-commerce publishing printing media production journalism journalist journalists
animator animators animation producer producers podcaster podcasters musician musicians
artist artists tax payroll investor investors advisor advisors adviser advisers planner
auditor auditors audit surveyor surveyors appraiser appraisers inspector inspectors
diseno disenador disenadora disenadores desarrollo desarrollador desarrolladora
desarrolladores fotografo fotografa fotografia agencia estudio consultor consultora
consultoria abogado abogada abogados arquitecto arquitecta contador contadora contable
asesor asesora asesoria traductor traductora traduccion programador programadora
ilustrador ilustradora redactor redactora inmobiliaria agente
webdesign webdesigner webdesignerin webentwickler webentwicklerin entwickler entwicklerin
entwicklung fotograf fotografin berater beraterin beratung agentur steuerberater
steuerberaterin ubersetzer ubersetzerin architekt architektin rechtsanwalt rechtsanwaltin
grafikdesigner grafikdesignerin texter texterin makler maklerin
conception concepteur conceptrice developpeur developpeuse developpement graphiste
photographe consultante conseil agence avocat avocate traducteur traductrice architecte
comptable redacteur redactrice
""".split())

#: Words a keyword never is alone, where a two-word phrase of the same Headline exists:
#: "development" tags a "Business Development Manager", "developer" a "Real Estate Developer".
GENERIC = frozenset("""
development developer developers design designer designers consultant consultants consulting
manager managers services service solutions marketing engineer engineers engineering
software agency studio firm practice production media training planning analyst
desarrollo desarrollador diseno disenador consultor consultora servicios soluciones agencia
estudio entwicklung entwickler design berater beratung agentur dienstleistungen
developpement developpeur conception consultant conseil agence services
""".split())

#: What a Headline says when the business sells to businesses ("for small businesses",
#: "B2B", "para pymes", "für Unternehmen", "pour les PME"), folded, and its language.
B2B = {"b2b": "en", "small business": "en", "smbs": "en", "smes": "en",
       "for businesses": "en", "for companies": "en", "for brands": "en", "for startups": "en",
       "for agencies": "en", "pymes": "es", "para empresas": "es", "para negocios": "es",
       "kmu": "de", "fur unternehmen": "de", "fur firmen": "de", "mittelstand": "de",
       "pme": "fr", "tpe": "fr", "pour les entreprises": "fr", "pour entreprises": "fr"}

#: The titles of the people who buy for a business, by language: proposed as prospects when
#: the Headline says the business sells to businesses.
OWNER_TITLES = {
    "en": ("owner", "founder", "co-founder", "ceo", "managing director", "general manager"),
    "es": ("dueno", "fundador", "fundadora", "ceo", "director general", "gerente general"),
    "de": ("inhaber", "inhaberin", "grunder", "grunderin", "geschaftsfuhrer",
           "geschaftsfuhrerin", "ceo"),
    "fr": ("fondateur", "fondatrice", "gerant", "gerante", "directeur general", "ceo"),
}
#: Titles holding an owner-title word that are employees, not buyers.
OWNER_EXCEPT = ("product owner", "process owner", "owner's representative")
