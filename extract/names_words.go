package extract

// Word lists behind the entity rules. They hold general vocabulary (titles, role nouns,
// organisation head words, cue verbs), never names of particular people or bodies.

func set(words ...string) *wordSet {
	for _, w := range words {
		lowerWords[w] = w // lowerWord hands out the list's string
	}
	return newWordSet(words...)
}

func newWordSet(words ...string) *wordSet {
	s := &wordSet{words: make(map[string]bool, len(words))}
	for _, w := range words {
		s.words[w] = true
		if w != "" {
			s.first[w[0]] |= lengthBit(w)
		}
	}
	return s
}

// wordSet is a word list. Most words a rule asks about are in none of its lists: the
// first byte and the length of the list's words tell most of them apart before Go's
// map is asked.
type wordSet struct {
	words map[string]bool
	first [256]uint32 // first byte → bit n set when a word of length n starts with it (n ≥ 31: bit 31)
}

// has reports whether w is a word of the list.
func (s *wordSet) has(w string) bool {
	if w != "" && s.first[w[0]]&lengthBit(w) == 0 {
		return false
	}
	return s.words[w]
}

func lengthBit(w string) uint32 { return 1 << min(len(w), 31) }

// gender of an honorific: 'f', 'm' or 0.
var honorifics = map[string]byte{
	"mr.": 'm', "mr": 'm', "mrs.": 'f', "mrs": 'f', "ms.": 'f', "ms": 'f', "miss": 'f',
	"mme.": 'f', "mme": 'f', "madam": 'f', "madame": 'f', "mlle.": 'f', "sir": 'm', "dame": 'f',
	"lord": 'm', "lady": 'f', "baroness": 'f', "baron": 'm', "countess": 'f', "earl": 'm',
	"dr.": 0, "dr": 0, "prof.": 0, "prof": 0, "professor": 0, "rt.": 0, "rt": 0, "hon.": 0,
	"hon": 0, "honorable": 0, "honourable": 0, "right": 0,
	"congressman": 'm', "congresswoman": 'f', "chairman": 'm', "chairwoman": 'f',
	"king": 'm', "queen": 'f', "prince": 'm', "princess": 'f', "sheikh": 'm', "sheikha": 'f',
}

// titles that directly precede a name ("Senator X", "Ambassador X", "Prime Minister X").
// The value is true for titles that make the bearer a legislator.
var nameTitles = map[string]bool{
	"senator": true, "sen.": true, "congressman": true, "congresswoman": true,
	"congressmember": true, "rep.": true, "representative": true, "mp": true, "mep": true,
	"lawmaker": true, "legislator": true, "parliamentarian": true, "assemblyman": true,
	"assemblywoman": true, "councillor": false, "councilman": false, "councilwoman": false,
	"lord": true, "baroness": true, "baron": true,
	"ambassador": false, "amb.": false, "general": false, "gen.": false, "admiral": false,
	"adm.": false, "colonel": false, "col.": false, "lt.": false, "lieutenant": false,
	"major": false, "maj.": false, "captain": false, "capt.": false, "commander": false,
	"president": false, "president-elect": false, "vice-president": false, "premier": false,
	"minister": false, "chancellor": false, "governor": false, "gov.": false, "mayor": false,
	"judge": false, "justice": false, "secretary": false, "prosecutor": false,
	"ayatollah": false, "imam": false, "mullah": false, "cleric": false, "bishop": false,
	"cardinal": false, "pope": false, "rabbi": false, "reverend": false, "father": false,
	"sister": false, "brother": false,
	"chair": false, "chairperson": false, "speaker": false, "deputy": false,
	"commissioner": false, "advisor": false, "adviser": false, "envoy": false,
	"leader": false, "founder": false, "co-founder": false, "spokesman": false,
	"spokeswoman": false, "spokesperson": false, "director": false, "dean": false,
	"activist": false, "journalist": false, "lawyer": false, "attorney": false,
	"author": false, "writer": false, "scholar": false, "researcher": false, "analyst": false,
	"dissident": false, "prisoner": false, "guard": false, "official": false, "diplomat": false,
	"candidate": false, "coach": false, "player": false, "striker": false, "scientist": false,
	"physicist": false, "chemist": false, "astronaut": false, "economist": false,
	"liaison": false, "head": false, "administrator": false, "investigator": false,
	"engineer": false, "correspondent": false, "editor": false, "reporter": false,
	"commentator": false, "fellow": false, "historian": false, "biologist": false, "astronomer": false, "chairman": false,
	"chairwoman": false, "captain-elect": false, "manager": false, "ceo": false,
	"coordinator": false, "officer": false, "executive": false, "counterpart": false, "organizer": false, "organiser": false, "rapporteur": false, "chief": false, "king": false, "queen": false,
	"prince": false, "princess": false, "sheikh": false, "emir": false, "sultan": false,
	"shah": false, "tsar": false, "czar": false, "kaiser": false, "pharaoh": false,
	"dr.": false, "prof.": false, "professor": false, "mr.": false, "mrs.": false,
	"ms.": false, "miss": false, "sir": false, "dame": false, "lady": false, "mme.": false,
	"rt.": false, "hon.": false, "honorable": false, "honourable": false,
	"martyr": false, "hero": false, "poet": false, "artist": false, "singer": false,
	"actor": false, "actress": false, "champion": false, "athlete": false,
}

// titleModifiers may stand between a title and the name or before a title
// ("former", "Vice President", "Prime Minister", "Foreign Minister").
var titleModifiers = set("former", "late", "the", "vice", "prime", "deputy", "foreign",
	"defense", "defence", "interior", "justice", "finance", "state", "federal", "u.s.",
	"us", "assistant", "associate", "acting", "chief", "senior", "junior", "supreme",
	"executive", "general", "regime", "elect", "then", "retired", "ret.", "honorary",
	"right", "rt.", "hon.", "dr.", "mr.", "mrs.", "ms.", "prof.", "emeritus")

// nameParticles may stand lower-case inside a name ("Ursula von der Leyen").
var nameParticles = set("de", "da", "di", "del", "della", "der", "den", "van", "von", "du",
	"dos", "das", "do", "la", "le", "al", "el", "bin", "ibn", "ben", "y", "ter", "ten",
	"zu", "af", "av", "mac", "st.", "abu", "bint")

// nameSuffixes follow a name ("Homer Whitcombe, Jr.").
var nameSuffixes = set("jr.", "jr", "sr.", "sr", "ii", "iii", "iv", "phd", "ph.d.", "qc", "kc", "obe", "mbe", "cbe")

// legislatorWords in a role or just before a list of names make a legislator.
var legislatorWords = set("senator", "senators", "sen.", "congressman", "congresswoman",
	"congressmen", "congresswomen", "congressmember", "congressmembers", "representative",
	"representatives", "rep.", "reps.", "mp", "mps", "mep", "meps", "lawmaker", "lawmakers",
	"legislator", "legislators", "parliamentarian", "parliamentarians", "peer", "peers",
	"assemblyman", "assemblywoman", "assemblymember", "deputies", "senate", "parliament",
	"congress", "bundestag", "landtag", "senedd", "seanad", "knesset", "legislature", "msp",
	"msps", "td", "tds", "mla", "mlas", "mk", "mks", "mdb")

// bodyHeads end the name of an organisation. legislativeHeads are legislatures or
// chambers by themselves; committee-like heads are legislative only in context.
var bodyHeads = set("parliament", "senate", "assembly", "committee", "council", "caucus",
	"intergroup", "association", "society", "office", "corps", "court", "legislature",
	"congress", "bundestag", "bundesrat", "landtag", "bürgerschaft", "senedd", "seanad",
	"dáil", "oireachtas", "knesset", "storting", "stortinget", "riksdag", "folketing",
	"folketinget", "sejm", "duma", "majlis", "althing", "alþingi", "eduskunta", "cortes",
	"nationalrat", "bundesversammlung", "verkhovna", "rada", "league", "union",
	"organization", "organisation", "coalition", "party", "company", "foundation",
	"institute", "university", "ministry", "department", "agency", "commission", "federation",
	"alliance", "network", "movement", "front", "army", "forces", "units", "police",
	"tribunal", "bank", "fund", "club", "centre", "center", "college", "school",
	"academy", "group", "board", "authority", "service", "bureau", "secretariat",
	"delegation", "chamber", "conference", "nations", "corporation", "inc.", "ltd.",
	"gmbh", "cabinet", "government", "judiciary", "guards", "brigade", "brigades", "mission",
	"observatory", "watch", "trust", "church", "synod", "congregation", "team", "fc",
	"museum", "library", "hospital", "press", "times", "post", "news", "agency", "daily",
	"herald", "journal", "gazette", "tribune", "guardian", "telegraph",
	"federal", "community", "communities", "institution", "union's", "laboratory", "lab",
	"observatory", "initiative", "platform", "forum", "caucuses", "parliaments", "programme", "program")

// legislativeHeads name a legislature or chamber.
var legislativeHeads = set("parliament", "senate", "assembly", "legislature", "congress",
	"bundestag", "bundesrat", "landtag", "bürgerschaft", "senedd", "seanad", "dáil",
	"oireachtas", "knesset", "storting", "stortinget", "riksdag", "folketing", "folketinget",
	"sejm", "duma", "majlis", "althing", "alþingi", "eduskunta", "cortes", "nationalrat",
	"intergroup", "verkhovna", "rada")

// nativeLegislatures are names by themselves: a country word before them is dropped
// from the canonical name ("German Bundestag" → "Bundestag").
var nativeLegislatures = set("bundestag", "bundesrat", "senedd", "seanad", "dáil",
	"oireachtas", "knesset", "storting", "stortinget", "riksdag", "folketing", "folketinget",
	"sejm", "duma", "majlis", "althing", "alþingi", "eduskunta", "nationalrat")

// lowerHeads may be written lower-case after a country word ("the Maltese parliament").
var lowerHeads = set("parliament", "senate", "legislature", "assembly", "congress", "caucus")

// houseChambers follow "House of" ("House of Commons", "House of Representatives").
var houseChambers = set("commons", "lords", "representatives", "delegates", "assembly",
	"keys", "councillors", "peers", "deputies")

// weakHeads are not enough alone: "Group", "Team", "Board" need two more words.
var weakHeads = set("group", "team", "board", "service", "office", "press", "post", "news",
	"times", "daily", "watch", "trust", "fund", "front", "network", "community",
	"communities", "school", "forces", "army", "police", "government", "intelligence",
	"mission", "federal", "initiative", "platform", "forum", "conference", "nations",
	"union's", "museum", "library", "hospital", "church", "units", "guards", "lab",
	"laboratory", "centre", "center", "bank", "herald", "journal", "gazette", "tribune",
	"guardian", "telegraph", "delegation", "cabinet", "judiciary", "chamber", "authority",
	"caucuses", "parliaments")

// notBodyHeadsAlone: heads that are never a body as a single word.
var connectors = set("of", "for", "the", "and", "in", "on", "with", "a", "an", "to", "&",
	"against", "de", "du", "des", "la", "le", "für", "der", "die", "das", "del", "di", "y", "et")

// bodyComplementPreps may join a head to a capitalized complement ("Committee in Search of
// Justice", "Council of Resistance", "Caucus on Human Rights").
var bodyComplementPreps = set("of", "for", "in", "on", "with", "against", "de", "du", "des", "für")

// months and weekdays are never names of people or places.
var calendarWords = set("january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december", "monday", "tuesday",
	"wednesday", "thursday", "friday", "saturday", "sunday", "mid", "early", "late", "end",
	"beginning")

// commonCapitalized are words often capitalized in prose that are not names.
var commonCapitalized = set("the", "a", "an", "in", "on", "at", "of", "for", "to", "by",
	"from", "with", "and", "or", "but", "as", "after", "before", "during", "following",
	"despite", "since", "while", "when", "this", "that", "these", "those", "their", "they",
	"he", "she", "it", "we", "our", "his", "her", "its", "there", "here", "other", "several",
	"many", "some", "all", "both", "each", "every", "over", "under", "about", "across",
	"through", "between", "among", "amid", "amidst", "against", "into", "onto", "upon",
	"coinciding", "honoring", "honouring", "commemorating", "celebrating", "marking",
	"thousands", "hundreds", "dozens", "millions", "members", "supporters", "notable",
	"distinguished", "prominent", "renowned", "additionally", "moreover", "furthermore",
	"however", "meanwhile", "simultaneously", "similar", "similarly", "parallel", "also",
	"iranian", "resistance", "free", "democratic", "democracy", "republic", "human",
	"rights", "day", "world", "international", "national", "global", "summit", "plan",
	"ten-point", "new", "year", "uprising", "revolution", "regime", "people", "women",
	"men", "state", "states", "city", "province", "capital", "north", "south", "east",
	"west", "northern", "southern", "eastern", "western", "central", "upper", "lower",
	"great", "greater", "holy", "saint", "st.", "mount", "lake", "river", "sea", "ocean",
	"gulf", "island", "islands", "hill", "valley", "bay", "cape", "port", "fort", "old",
	"government", "house", "white", "foreign", "affairs", "security", "defense", "defence",
	"minister", "ministers", "president", "leader", "leaders", "prime", "vice", "former",
	"european", "union", "united", "nations", "council", "parliament", "senate", "committee",
	"mrs", "mr", "ms", "dr", "yes", "no", "not", "only", "even", "just", "more", "most",
	"first", "second", "third", "fourth", "fifth", "last", "next", "one", "two", "three",
	"through", "throughout", "inside", "outside", "within", "without", "near", "towards",
	"toward", "alongside", "along", "beyond", "upon", "via", "per", "like", "unlike",
	"nobel", "laureates", "god", "allah", "christmas", "easter", "ramadan", "nowruz",
	"eid", "persian", "arab", "muslim", "christian", "jewish", "islamic", "sunni", "shia",
	"kurdish", "baluch", "women's", "scroll", "exit", "mobile", "version", "courtesy",
	"photo", "image", "images", "video", "videos", "titled", "dubbed",
	"entitled", "called", "named", "operation", "massacre", "bloody", "constitutional",
	"student", "students", "martyrs", "martyr", "anniversary", "ashura", "youth")

// participationVerbs follow or precede a participant ("X addressed", "attended by X").
var participationVerbs = set("addressed", "attended", "spoke", "speaks", "said", "stated",
	"stressed", "emphasized", "emphasised", "underlined", "noted", "told", "met", "meets",
	"visited", "visits", "joined", "joins", "signed", "hosted", "hosts", "organized",
	"organised", "chaired", "moderated", "led", "leads", "delivered", "presented", "opened",
	"welcomed", "sent", "wrote", "called", "urged", "announced", "unveiled", "introduced",
	"discussed", "declared", "expressed", "participated", "took", "gave", "held",
	"conferred", "travelled", "traveled", "arrived", "testified", "launched", "won",
	"scored", "received", "accepted", "praised", "condemned", "denounced", "warned",
	"reiterated", "highlighted", "pointed", "explained", "argued", "added", "described",
	"invited", "featured", "included", "including", "with", "alongside", "by")

// mentionCues before a name mark a person only referred to.
var mentionCues = set("of", "from", "against", "commemorating", "commemorate",
	"commemorated", "honoring", "honouring", "honored", "honoured", "reinstating",
	"mourning", "mourned", "remembering", "images", "portraits", "posters", "photos",
	"pictures", "quotes", "denouncing", "condemning", "protesting", "about", "like")

// entryCueStopVerbs: "advocated by", "supported by" are mentions; "attended by" is not.
var participantByVerbs = set("attended", "hosted", "organized", "organised", "addressed",
	"chaired", "moderated", "led", "opened", "joined", "visited", "headed", "featured",
	"signed", "delivered", "accompanied", "presided", "convened", "given", "made",
	"introduced", "sponsored", "co-sponsored", "invited", "seconded", "tabled", "proposed")

// siteHeads make a place a site ("X Square", "X Hotel", "Camp X", "Place X").
var siteTrailing = set("square", "hotel", "headquarters", "hq", "camp", "palace", "stadium",
	"arena", "hall", "park", "plaza", "airport", "station", "prison", "bridge", "tower",
	"monument", "memorial", "cemetery", "centre", "center", "building", "embassy",
	"consulate", "castle", "cathedral", "mosque", "church", "temple", "garden", "gardens",
	"street", "avenue", "boulevard", "road", "highway", "pavilion", "site", "complex",
	"base", "cosmodrome", "spaceport", "port", "harbour", "harbor", "glacier")
var siteLeading = set("place", "camp", "piazza", "plaza", "platz", "plac", "praça",
	"plaça", "rue", "avenue", "boulevard", "fort", "mount")

// regionWords follow a region name ("Tehran Province", "Lower Saxony state").
var regionWords = set("province", "state", "region", "county", "district", "governorate",
	"prefecture", "oblast", "canton", "department", "territory", "emirate")
