package api

import (
	"net/http"
	"regexp"
	"sort"

	"annals/network"
)

// openAPI serves the OpenAPI 3.1 description of the API, built from the route table
// so that it cannot forget a named query.
func (s *server) openAPI(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, buildOpenAPI())
}

type obj = map[string]any

var pathParam = regexp.MustCompile(`\{(\w+)\}`)

// withConflict adds the 409 of a delete that would leave an entry with part of its
// quads.
func withConflict(responses obj, problem obj) obj {
	responses["409"] = problem
	return responses
}

func buildOpenAPI() map[string]any {
	problem := obj{"$ref": "#/components/responses/Problem"}
	errs := obj{"400": problem, "404": problem, "503": problem}
	paths := obj{}
	for _, rt := range namedRoutes {
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.Path, -1) {
			params = append(params, obj{"name": m[1], "in": "path", "required": true,
				"description": "ID, name or alias", "schema": obj{"type": "string"}})
		}
		for _, p := range rt.Params {
			typ := "string"
			if p.Int {
				typ = "integer"
			}
			params = append(params, obj{"name": p.Name, "in": "query", "description": p.Doc, "schema": obj{"type": typ}})
		}
		responses := obj{"200": obj{
			"description": rt.Summary + ". Every row carries its provenance: the source, the line and what the source states.",
			"content": obj{
				"application/json": obj{"schema": obj{"type": "object"}},
				"text/csv":         obj{"schema": obj{"type": "string"}},
			}}}
		for k, v := range errs {
			responses[k] = v
		}
		paths[rt.Path] = obj{"get": obj{"summary": rt.Summary, "parameters": params, "responses": responses}}
	}
	plain := func(summary string) obj {
		return obj{"summary": summary, "responses": obj{"200": obj{"description": "OK",
			"content": obj{"application/json": obj{"schema": obj{"type": "object"}}}}, "503": problem}}
	}
	for _, d := range explorerDocs {
		responses := obj{"200": obj{"description": d.Summary}}
		for k, v := range errs {
			responses[k] = v
		}
		paths[d.Path] = obj{"get": obj{"summary": d.Summary, "responses": responses}}
	}
	paths["/healthz"] = obj{"get": plain("The process is up")}
	paths["/readyz"] = obj{"get": plain("The store answers and the query index is built")}
	paths["/openapi.json"] = obj{"get": plain("This document")}
	langParam := obj{"name": "lang", "in": "query", "required": true, "schema": obj{"type": "string", "enum": []string{"gizmo", "graphql", "mql"}}}
	cayleyQuery := obj{"summary": "Cayley API v2 query (Gizmo, GraphQL, MQL); the query is the body (POST) or ?qu= (GET)",
		"parameters": []any{langParam, obj{"name": "qu", "in": "query", "schema": obj{"type": "string"}}},
		"responses": obj{"200": obj{"description": `{"result": [...]} (GraphQL: {"data": ...})`}, "400": problem, "413": problem,
			"422": problem, "429": problem, "503": problem}}
	paths["/api/v2/query"] = obj{"get": cayleyQuery, "post": cayleyQuery}
	read := obj{"summary": "Cayley API v2: quads matching sub, pred, obj, label, in ?format= (nquads, json, ...)",
		"responses": obj{"200": obj{"description": "quads, streamed; the trailer Annals-Complete says whether the answer is whole (false: Annals-Cut says why)"},
			"400": problem, "429": problem, "503": problem}}
	paths["/api/v2/read"] = obj{"get": read, "post": read}
	paths["/api/v2/formats"] = obj{"get": obj{"summary": "Cayley API v2: quad formats", "responses": obj{"200": obj{"description": "formats"}}}}
	bearer := []any{obj{"bearer": []string{}}}
	writeResponses := func(ok string) obj {
		return obj{"200": obj{"description": ok}, "400": problem, "401": problem, "403": problem, "413": problem,
			"415": problem, "429": problem}
	}
	quadsBody := obj{"description": "quads in the format of Content-Type (application/n-quads by default, or application/json: " +
		"an array of {subject, predicate, object, label} in N-Quads notation); read strictly: any line that is not " +
		"valid N-Quads is refused (400, with its line) and nothing is written; all quads of a body are one transaction",
		"content": obj{"application/n-quads": obj{"schema": obj{"type": "string"}}, "application/json": obj{"schema": obj{"type": "array"}}}}
	paths["/api/v2/write"] = obj{"post": obj{"summary": "Cayley API v2: add quads (needs the write token)", "security": bearer,
		"requestBody": quadsBody, "responses": writeResponses(`{"result": "Successfully wrote N quads.", "count": N}`)}}
	paths["/api/v2/delete"] = obj{"post": obj{"summary": "Cayley API v2: delete quads (needs the write token)", "security": bearer,
		"requestBody": quadsBody, "responses": withConflict(writeResponses(`{"result": "Successfully deleted N quads.", "count": N}`), problem)}}
	paths["/api/v2/node/delete"] = obj{"post": obj{"summary": "Cayley API v2: delete every quad of a node, the body (needs the write token)",
		"security": bearer, "responses": withConflict(writeResponses(`{"result": "Successfully deleted N quads.", "count": N}`), problem)}}
	v1Body := obj{"content": obj{"application/json": obj{"schema": obj{"type": "array",
		"items": obj{"type": "object", "properties": obj{"subject": obj{"type": "string"}, "predicate": obj{"type": "string"},
			"object": obj{"type": "string"}, "label": obj{"type": "string"}}}}}}}
	paths["/api/v1/write"] = obj{"post": obj{"summary": "Cayley API v1: add a JSON array of quads (needs the write token)",
		"security": bearer, "requestBody": v1Body, "responses": writeResponses(`{"result": "Successfully wrote N quads."}`)}}
	paths["/api/v1/delete"] = obj{"post": obj{"summary": "Cayley API v1: delete a JSON array of quads (needs the write token)",
		"security": bearer, "requestBody": v1Body, "responses": withConflict(writeResponses(`{"result": "Successfully deleted N quads."}`), problem)}}
	loadResponses := writeResponses("what was loaded: source, format, entries, quads_added, quads_removed, warnings, elapsed")
	loadResponses["422"] = problem
	paths["/api/load"] = obj{"post": obj{
		"summary": "Load a chronology (text, extracted here) or extraction records (JSONL) as one document, replacing what the store " +
			"held for it, then rebuild the query index (needs the write token)",
		"security": bearer,
		"parameters": []any{
			obj{"name": "source", "in": "query", "required": true, "description": "the document's name, its provenance", "schema": obj{"type": "string"}},
			obj{"name": "format", "in": "query", "description": "text or jsonl (default: from Content-Type, else jsonl when the body starts with {)",
				"schema": obj{"type": "string", "enum": []string{"text", "jsonl"}}},
		},
		"requestBody": obj{"required": true, "content": obj{"text/plain": obj{"schema": obj{"type": "string"}},
			"application/x-ndjson": obj{"schema": obj{"type": "string"}}}},
		"responses": loadResponses}}
	var selParams []any
	for _, name := range sortedNames(network.QueryParams) {
		selParams = append(selParams, obj{"name": name, "in": "query", "description": network.QueryParams[name], "schema": obj{"type": "string"}})
	}
	paths["/api/network"] = obj{"get": obj{"summary": "A subgraph as a bipartite or co-appearance network, with analytics",
		"parameters": selParams, "responses": obj{"200": obj{"description": "the network as JSON"}, "400": problem, "404": problem, "422": problem, "429": problem, "503": problem}}}
	paths["/api/export"] = obj{"get": obj{"summary": "A subgraph as a file: ?format=graphml, gexf, dot, cytoscape, csv, nquads or jsonld",
		"parameters": append([]any{obj{"name": "format", "in": "query", "required": true, "schema": obj{"type": "string"}}}, selParams...),
		"responses":  obj{"200": obj{"description": "the file, as an attachment"}, "400": problem, "404": problem, "422": problem, "429": problem, "503": problem}}}
	paths["/api/v1/query/{lang}"] = obj{"post": obj{
		"summary": "Cayley API v1 query: the query is the body, ?limit= bounds the results (default 100)",
		"parameters": []any{
			obj{"name": "lang", "in": "path", "required": true, "schema": obj{"type": "string", "enum": []string{"gizmo", "graphql", "mql"}}},
			obj{"name": "limit", "in": "query", "schema": obj{"type": "integer"}},
		},
		"responses": obj{"200": obj{"description": `{"result": [...]}`}, "400": problem, "413": problem, "422": problem,
			"429": problem, "503": problem}}}

	return obj{
		"openapi": "3.1.0",
		"info": obj{"title": "annals", "version": "1",
			"description": "A knowledge graph of chronologies. Every answer says what a source states, not what is true."},
		"paths": paths,
		"components": obj{
			"securitySchemes": obj{"bearer": obj{"type": "http", "scheme": "bearer",
				"description": "the write token the server was started with (--write-token or ANNALS_WRITE_TOKEN)"}},
			"responses": obj{"Problem": obj{
				"description": "RFC 9457 problem details",
				"content": obj{"application/problem+json": obj{"schema": obj{"type": "object",
					"required": []string{"type", "title", "status"},
					"properties": obj{
						"type": obj{"type": "string"}, "title": obj{"type": "string"}, "status": obj{"type": "integer"},
						"detail": obj{"type": "string"}, "instance": obj{"type": "string"},
						"param": obj{"type": "string"}, "suggestions": obj{"type": "array"},
						"timeout": obj{"type": "string"}, "position": obj{"type": "object"}, "error": obj{"type": "string"},
					}}}}}}},
	}
}

func sortedNames(m map[string]string) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
