// Package graph holds the knowledge graph's vocabulary, the identities (IRIs) of its
// nodes and the Cayley store that keeps them (bolt, memory or PostgreSQL).
//
// Every fact is one quad with a label. What an entry's sentence says (the entry, its
// event, the event's links, a person's titles, memberships and country, a body's
// parent) is labelled with the entry (EntryIRI), so that any answer can show the
// sentence behind it; a fact stated by two entries is two quads with two labels. What a
// node is (type, names, flags, coordinates, a place's or body's country, a country
// node's name and kind, the document's type and name) is stated once per document,
// labelled with the document (DocumentIRI). People, bodies and places are one node each across documents and
// runs (keyed by normalized name, or by GeoNames id); an event is one node per entry.
// See docs/graph.md for a diagram.
//
//	<entry>   rdf:type annals:Entry ; annals:source <document> ; annals:line 42 ;
//	          annals:spanStart 18734 ; annals:spanEnd 19411 ; annals:text "February 4 – …" ;
//	          annals:warning "…"
//	<document> rdf:type annals:Document ; schema:name "report.txt"
//	<event>   rdf:type schema:Event ; annals:entry <entry> ; annals:kind "conference" ;
//	          schema:startDate "2023-02-04" ; schema:endDate "2023-02-04" ;
//	          annals:dateText "February 4" ; annals:precision "day" ;
//	          schema:attendee <person> ;        (took part)
//	          annals:mentions <person>|<body> ; (referred to only; every body)
//	          schema:location <place> ;        (a venue: where it took place)
//	          annals:mentionsPlace <place>     (named only: a title, a topic, an origin)
//	<person>  rdf:type schema:Person ; schema:name ; schema:alternateName ; schema:jobTitle ;
//	          annals:legislator true ; schema:memberOf <body> ; annals:country <country>
//	<body>    rdf:type schema:Organization ; schema:name ; schema:alternateName ;
//	          annals:legislative true ; schema:parentOrganization <body> ;
//	          annals:country <country>
//	<place>   rdf:type schema:Place ; schema:name ; annals:kind "city" ; schema:latitude ;
//	          schema:longitude ; schema:containedInPlace <country>
//	<country> rdf:type schema:Place ; annals:kind "country" ; schema:sameAs <geonames>
//
// The entry's, the event's and the links' quads carry the label <entry>; the nodes'
// own statements carry <document>. See docs/graph.md, "Lean quads".
package graph

import "github.com/cayleygraph/quad"

// Namespaces of the vocabulary.
const (
	SchemaNS = "http://schema.org/"
	AnnalsNS = "https://annals.dev/ns#"
	RDFType  = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
	// NodeNS is the base of the IRIs of annals' own nodes (people, bodies, events, ...).
	NodeNS = "https://annals.dev/id/"
	// GeoNamesNS is the base of place IRIs: places keep their gazetteer id.
	GeoNamesNS = "https://sws.geonames.org/"
)

// Classes.
var (
	ClassEvent        = quad.IRI(SchemaNS + "Event")
	ClassPerson       = quad.IRI(SchemaNS + "Person")
	ClassOrganization = quad.IRI(SchemaNS + "Organization")
	ClassPlace        = quad.IRI(SchemaNS + "Place")
	ClassEntry        = quad.IRI(AnnalsNS + "Entry")
	ClassDocument     = quad.IRI(AnnalsNS + "Document")
)

// Predicates taken from schema.org.
var (
	Type           = quad.IRI(RDFType)
	Name           = quad.IRI(SchemaNS + "name")
	AlternateName  = quad.IRI(SchemaNS + "alternateName")
	StartDate      = quad.IRI(SchemaNS + "startDate")
	EndDate        = quad.IRI(SchemaNS + "endDate")
	Location       = quad.IRI(SchemaNS + "location")
	Attendee       = quad.IRI(SchemaNS + "attendee")
	Organizer      = quad.IRI(SchemaNS + "organizer")
	ContainedIn    = quad.IRI(SchemaNS + "containedInPlace")
	Latitude       = quad.IRI(SchemaNS + "latitude")
	Longitude      = quad.IRI(SchemaNS + "longitude")
	JobTitle       = quad.IRI(SchemaNS + "jobTitle")
	MemberOf       = quad.IRI(SchemaNS + "memberOf")
	AddressCountry = quad.IRI(SchemaNS + "addressCountry")
	Description    = quad.IRI(SchemaNS + "description")
	SameAs         = quad.IRI(SchemaNS + "sameAs") // country → its GeoNames IRI
	// ParentOrganization links a committee, chamber, caucus or office to the body it
	// is part of.
	ParentOrganization = quad.IRI(SchemaNS + "parentOrganization")
)

// Predicates of the project namespace.
var (
	Mentions    = quad.IRI(AnnalsNS + "mentions")    // event → person/body referred to, not taking part
	Legislator  = quad.IRI(AnnalsNS + "legislator")  // person → true
	Legislative = quad.IRI(AnnalsNS + "legislative") // body → true
	Kind        = quad.IRI(AnnalsNS + "kind")        // event → "conference"; place → "city"
	Source      = quad.IRI(AnnalsNS + "source")      // entry → document
	Line        = quad.IRI(AnnalsNS + "line")        // entry → 42
	SpanStart   = quad.IRI(AnnalsNS + "spanStart")   // entry → byte offset
	SpanEnd     = quad.IRI(AnnalsNS + "spanEnd")     // entry → byte offset (exclusive)
	Text        = quad.IRI(AnnalsNS + "text")        // entry → its sentence(s)
	DateText    = quad.IRI(AnnalsNS + "dateText")    // event → "Mid-May"
	Precision   = quad.IRI(AnnalsNS + "precision")   // event → "day" | "range" | "part-of-month"
	Warning     = quad.IRI(AnnalsNS + "warning")     // entry → a warning of the extractor
	EntryOf     = quad.IRI(AnnalsNS + "entry")       // event → entry it was read from
	// MentionsPlace links an event to a place its entry names without the event taking
	// place there: in a title, as a topic, as where someone came from. The places where
	// it took place (its venues) are schema:location.
	MentionsPlace = quad.IRI(AnnalsNS + "mentionsPlace")
	// Country links a body or a person to the country node (CountryIRI) it belongs to,
	// serves or represents, as the entry states it.
	Country = quad.IRI(AnnalsNS + "country")
)
