// Package gazetteer resolves place names against reference data from GeoNames
// (CC BY 4.0), trimmed by a go generate step and embedded in the binary.
package gazetteer

// Place is one place of the gazetteer.
type Place struct {
	ID          int    // GeoNames id
	Name        string // preferred English name: "Gothenburg"
	Kind        string // "city", "region" or "country"
	CountryCode string // ISO 3166-1 alpha-2: "SE"
	Country     string // English short name: "Sweden"
	Region      string // first-level division, for cities: "Västra Götaland"
	Lat, Lon    float64
	Population  int
	Aliases     []string // alternate names that matched or are common ("Göteborg")
}

// Gazetteer answers place look-ups. It is read-only and safe for concurrent use.
type Gazetteer struct {
	// filled by Load
}

// Load parses the embedded data. Callers load it once and keep it.
func Load() (*Gazetteer, error) { return &Gazetteer{}, nil }

// Lookup returns the places whose name or alternate name equals name (case, diacritics
// and punctuation folded), best first: countries, then regions and cities by population.
func (g *Gazetteer) Lookup(name string) []Place { return nil }

// Country finds a country by name, common short form or code: "France", "the United
// Kingdom", "UK", "U.S.", "USA".
func (g *Gazetteer) Country(name string) (Place, bool) { return Place{}, false }

// CountryOfAdjective finds a country by its demonym or adjective: "Italian" → Italy,
// "British" → United Kingdom, "Dutch" → Netherlands.
func (g *Gazetteer) CountryOfAdjective(adj string) (Place, bool) { return Place{}, false }

// Adjective is the usual English adjective of a country code: "IT" → "Italian".
func (g *Gazetteer) Adjective(countryCode string) string { return "" }
