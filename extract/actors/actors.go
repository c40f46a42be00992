// Package actors names organisations that carry no organisation word ("Hamas",
// "Reuters", "Interpol") and the agent nouns that make a country-qualified phrase an
// institution ("the Israeli military", "Kuwait's defense ministry"). Its data is derived
// from the CAMEO/Phoenix actor and agent dictionaries of the Open Event Data Alliance
// (petrarch2, MIT licence, Copyright (c) 2014 Open Event Data Alliance), trimmed by a
// go generate step and embedded; see ATTRIBUTION and README.md.
package actors

//go:generate go run ./internal/gen -src internal/gen/testdata/source -out data/actors.tsv

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Kinds of actors, from the CAMEO role codes of the source.
const (
	KindGovernment    = "government"    // GOV: ministries, cabinets, presidencies
	KindMilitary      = "military"      // MIL: armies, armed forces, commands
	KindPolice        = "police"        // COP
	KindIntelligence  = "intelligence"  // SPY
	KindLegislature   = "legislature"   // LEG
	KindJudiciary     = "judiciary"     // JUD
	KindParty         = "party"         // PTY
	KindArmedGroup    = "armed group"   // REB, INS, IMG, UAF
	KindMedia         = "media"         // MED
	KindCompany       = "company"       // BUS, MNC
	KindInternational = "international" // IGO
	KindNGO           = "ngo"           // NGO
	KindOther         = "other"
)

// Actor is one organisation of the dictionary.
type Actor struct {
	Name    string // the source's main name, in title case ("Israel Defense Forces")
	Country string // English short name of the country a national body belongs to; empty for international ones
	Kind    string
}

// Agent is an agent phrase: a noun phrase that, qualified by a country, names an
// institution of that country ("defense ministry", "military").
type Agent struct {
	Phrase string // folded: "defense ministry"
	Kind   string
}

//go:embed data/actors.tsv
var embedded string

// Dictionary answers actor and agent look-ups. It is read-only and safe for
// concurrent use.
type Dictionary struct {
	actors map[string]Actor // folded name or alias → actor
	agents map[string]Agent // folded agent phrase → agent
	// firsts, agentFirst and agentLast hold the first words of the actor keys and the
	// first and last words of the agent phrases, so that callers look up only runs that
	// may match
	firsts     map[string]int // first word of a key → the most words of a key it starts
	agentLast  map[string]bool
	agentFirst map[string]bool
	longest    int
	// startBits is a bit set over a hash of the first words of the actor keys: most
	// words of a text are answered "no" by it without a map look-up
	startBits [1 << 16 / 64]uint64
	agentBits [1 << 16 / 64]uint64 // the same over the first words of the agent phrases // words of the longest actor key
}

var shared = sync.OnceValue(func() *Dictionary { return parse(embedded) })

// Load returns the dictionary of the embedded data, built once on first use and shared.
func Load() *Dictionary { return shared() }

// parse reads the generated file: lines "A\tkey\tname\tcountry\tkind" and
// "G\tphrase\tkind"; "#" starts a comment line.
func parse(data string) *Dictionary {
	d := &Dictionary{actors: map[string]Actor{}, agents: map[string]Agent{}, firsts: map[string]int{}, agentLast: map[string]bool{}, agentFirst: map[string]bool{}}
	for line := range strings.SplitSeq(data, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		switch {
		case f[0] == "A" && len(f) == 5:
			d.actors[f[1]] = Actor{Name: f[2], Country: f[3], Kind: f[4]}
			w := strings.Fields(f[1])
			d.firsts[w[0]] = max(d.firsts[w[0]], len(w))
			h := wordHash(w[0])
			d.startBits[h/64] |= 1 << (h % 64)
			d.longest = max(d.longest, len(w))
		case f[0] == "G" && len(f) == 3:
			d.agents[f[1]] = Agent{Phrase: f[1], Kind: f[2]}
			w := strings.Fields(f[1])
			d.agentLast[w[len(w)-1]] = true
			d.agentFirst[w[0]] = true
			h := wordHash(w[0])
			d.agentBits[h/64] |= 1 << (h % 64)
		}
	}
	return d
}

// Len is the number of actor keys (names and aliases).
func (d *Dictionary) Len() int { return len(d.actors) }

// MayStart reports whether some actor key may start with the folded word w: false
// means none does; true is to be confirmed by MaxWords.
func (d *Dictionary) MayStart(w string) bool {
	h := wordHash(w)
	return d.startBits[h/64]&(1<<(h%64)) != 0
}

// MayStartPlain is MayStart for a lower-cased word as written: a word of a–z and 0–9
// only is its own folded form and is answered by the bit set; any other word (with an
// accent, a hyphen, a period) may start a key, to be confirmed by MaxWords after
// folding.
func (d *Dictionary) MayStartPlain(w string) bool {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return true
		}
		h = (h ^ uint32(c)) * 16777619
	}
	h = (h ^ h>>16) & 0xffff
	return d.startBits[h/64]&(1<<(h%64)) != 0
}

// wordHash is 16 bits of FNV-1a.
func wordHash(w string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h = (h ^ uint32(w[i])) * 16777619
	}
	return (h ^ h>>16) & 0xffff
}

// MaxWords is the number of words of the longest actor key that starts with the folded
// word w; 0 when none does.
func (d *Dictionary) MaxWords(w string) int { return d.firsts[w] }

// Longest is the number of words of the longest actor key.
func (d *Dictionary) Longest() int { return d.longest }

// LookupKey finds the actor of a folded key (see Fold).
func (d *Dictionary) LookupKey(key string) (Actor, bool) {
	a, ok := d.actors[key]
	return a, ok
}

// Lookup finds the actor named name, folded.
func (d *Dictionary) Lookup(name string) (Actor, bool) { return d.LookupKey(Fold(name)) }

// MayEndAgent reports whether some agent phrase ends with the folded word w.
func (d *Dictionary) MayEndAgent(w string) bool { return d.agentLast[w] }

// MayStartAgent reports whether some agent phrase starts with the folded word w.
func (d *Dictionary) MayStartAgent(w string) bool {
	h := wordHash(w)
	return d.agentBits[h/64]&(1<<(h%64)) != 0 && d.agentFirst[w]
}

// AgentKey finds the agent phrase of a folded key.
func (d *Dictionary) AgentKey(key string) (Agent, bool) {
	a, ok := d.agents[key]
	return a, ok
}

// Fold normalizes a name as the extractor compares names: lower case, common Latin
// diacritics removed, no possessive, dots inside abbreviations dropped ("U.N." → "un"),
// other punctuation and underscores as single spaces, no leading "the".
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if (r == '\'' || r == '’') && i < len(s) && (s[i] == 's' || s[i] == 'S') && (i+1 == len(s) || !isWordRune(rune(s[i+1]))) {
			i++
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if f, ok := diacritics[r]; ok {
			r = f
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		if r == '.' && i < len(s) && unicode.IsLetter(rune(s[i])) {
			continue
		}
		space = true
	}
	return strings.TrimPrefix(b.String(), "the ")
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

var diacritics = func() map[rune]rune {
	m := map[rune]rune{}
	for base, chars := range map[rune]string{
		'a': "àáâãäåāăąÀÁÂÃÄÅĀĂĄ", 'c': "çćčÇĆČ", 'e': "èéêëēėęěÈÉÊËĒĖĘĚ", 'i': "ìíîïīįıÌÍÎÏĪĮİ",
		'n': "ñńňÑŃŇ", 'o': "òóôõöøōőÒÓÔÕÖØŌŐ", 'u': "ùúûüūůűųÙÚÛÜŪŮŰŲ", 'y': "ýÿÝŸ",
		's': "śšşŚŠŞß", 'z': "źżžŹŻŽ", 'g': "ğĞ", 'l': "łŁ", 'r': "řŘ", 't': "ťţŤŢ", 'd': "ďđĎĐ",
	} {
		for _, c := range chars {
			m[c] = base
		}
	}
	return m
}()
