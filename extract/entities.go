package extract

// annotate fills People, Bodies and Places of the records of one document, using
// what the whole document says (acronym definitions, full names of people).
// TODO(extract-entities): implement.
func (x *Extractor) annotate(recs []Record) {}
