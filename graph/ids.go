package graph

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/cayleygraph/quad"
	"golang.org/x/text/unicode/norm"
)

// Key normalizes a name into the stable key of an IRI: diacritics folded, lower case,
// runs of anything but letters and digits turned into one hyphen. "Malmö" → "malmo".
func Key(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == '\'' || r == '’':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		default:
			dash = true
		}
	}
	return b.String()
}

// PersonIRI is the node of a person, the same from every document and run.
func PersonIRI(name string) quad.IRI { return quad.IRI(NodeNS + "person/" + Key(name)) }

// BodyIRI is the node of a body (organization, legislature, committee ...) known by its
// name alone: an international body, with no country and no parent body.
func BodyIRI(name string) quad.IRI { return BodyID{Name: name}.IRI() }

// BodyID is what tells two bodies apart: their name, the country they belong to and
// their parent body. Italy's and Slovenia's "Foreign Affairs Committee" are two bodies,
// and so are a parliament's "Foreign Affairs Committee" and its senate's.
//
// Name and Parent are the names the body and its parent are known by within their
// country, without a leading demonym or country name that repeats Country ("Senate",
// not "Italian Senate"); the loader strips those before it mints the ID.
type BodyID struct {
	Name    string // "Foreign Affairs Committee"
	Country string // "Italy"; empty for an international body
	Parent  string // "Parliament"; empty for a body of its own
}

// IRI is the node of the body:
//
//	body/<name>                                an international body
//	body/<name>--in-<country>                  a national body
//	body/<name>--of-<parent>[--in-<country>]   a committee, chamber, office ...
//
// Each part is a Key, so spelling variants of case, diacritics and punctuation meet; a
// Key never holds "--", so the parts stay apart, and the IRI's tail has no slash, so it
// serves as an ID in a URL path.
func (id BodyID) IRI() quad.IRI {
	k := "body/" + Key(id.Name)
	if p := Key(id.Parent); p != "" {
		k += "--of-" + p
	}
	if c := Key(id.Country); c != "" {
		k += "--in-" + c
	}
	return quad.IRI(NodeNS + k)
}

// PlaceIRI is the node of a place: its GeoNames IRI when the gazetteer knows it,
// otherwise (sites such as a square or a camp) a key of its name and country.
func PlaceIRI(geonameID int, name, country string) quad.IRI {
	if geonameID > 0 {
		return GeoNamesIRI(geonameID)
	}
	k := Key(name)
	if country != "" {
		k += "--" + Key(country)
	}
	return quad.IRI(NodeNS + "place/" + k)
}

// CountryIRI is the node of a country, keyed by its English short name as the gazetteer
// gives it ("Canada"): the record names the country of a place but not its GeoNames id,
// so a country is one node whether it is named as a place of its own or as the country
// of a city. Its GeoNames IRI, when known, hangs off it as schema:sameAs.
func CountryIRI(name string) quad.IRI { return quad.IRI(NodeNS + "country/" + Key(name)) }

// GeoNamesIRI is the GeoNames IRI of a gazetteer id.
func GeoNamesIRI(geonameID int) quad.IRI {
	return quad.IRI(GeoNamesNS + strconv.Itoa(geonameID) + "/")
}

// DocumentIRI is the node of a source document, keyed by its source name; it is also
// the label of the document's statements about its nodes (their types and names).
func DocumentIRI(source string) quad.IRI { return quad.IRI(NodeNS + "doc/" + Key(source)) }

// EntryIRI is the node of one entry of a document; it is also the label of every quad
// read from that entry.
func EntryIRI(source string, line int) quad.IRI {
	return quad.IRI(NodeNS + "entry/" + Key(source) + "/L" + strconv.Itoa(line))
}

// EventIRI is the node of the event an entry reports, identified by its source and position.
func EventIRI(source string, line int) quad.IRI {
	return quad.IRI(NodeNS + "event/" + Key(source) + "/L" + strconv.Itoa(line))
}
