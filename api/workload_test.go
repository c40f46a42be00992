package api_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"reflect"
	"testing"

	"annals/api"
	"annals/graph"
	"annals/queries"
)

// TestWorkloadPaths: every request a queries.Workload draws (the requests `annals
// bench` sends to the server) is answered 200 by the API, with the same answer as the
// named query it stands for.
func TestWorkloadPaths(t *testing.T) {
	ctx := context.Background()
	srv, s := newServer(t, api.Options{})
	x, err := queries.NewIndex(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	w, err := x.Workload()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, kind := range queries.WorkloadKinds {
		for range 15 {
			req, err := w.Draw(kind, rng)
			if err != nil {
				t.Fatal(err)
			}
			res := do(t, http.MethodGet, srv.URL+req.Path, "")
			if res.status != http.StatusOK {
				t.Fatalf("%s %s: %d %s", kind, req.Path, res.status, res.body)
			}
			req.Params.Index = x
			direct, err := req.Func(ctx, s, req.Params)
			if err != nil {
				t.Fatalf("%s %+v: %v", kind, req.Params, err)
			}
			var got, want any
			b, _ := json.Marshal(direct)
			if err := json.Unmarshal(res.body, &got); err != nil {
				t.Fatal(err)
			}
			json.Unmarshal(b, &want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s %s: the API and the named query differ:\n%s\n%s", kind, req.Path, res.body, b)
			}
		}
	}
	if _, err := w.Draw("no-such-kind", rng); err == nil {
		t.Error("drew an unknown kind")
	}
	es, err := graph.Open(ctx, graph.Config{Kind: graph.KindMemory})
	if err != nil {
		t.Fatal(err)
	}
	defer es.Close()
	empty, err := queries.NewIndex(ctx, es)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := empty.Workload(); err == nil {
		t.Error("a workload over a graph without events")
	}
}
