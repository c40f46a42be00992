package network_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"annals/network"
)

func TestHandler(t *testing.T) {
	h := network.Handler(openFixture(t))
	get := func(q url.Values) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/network?"+q.Encode(), nil))
		return rec
	}
	t.Run("ego network with metrics", func(t *testing.T) {
		rec := get(url.Values{"seed": {"Dan Delta"}, "depth": {"1"}})
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json" {
			t.Fatalf("status %d, %s: %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
		}
		var n network.Network
		if err := json.Unmarshal(rec.Body.Bytes(), &n); err != nil {
			t.Fatal(err)
		}
		if len(n.Nodes) != 3 || len(n.Edges) != 3 || n.Summary == nil || n.Node(cara).Metrics.Degree != 2 {
			t.Errorf("network %+v", n)
		}
	})
	t.Run("path", func(t *testing.T) {
		rec := get(url.Values{"seed": {"Parliament of Ruritania"}, "path_to": {"Dan Delta"}, "depth": {"6"}, "participants": {"true"}})
		var out struct {
			Paths []network.Path `json:"paths"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || len(out.Paths) != 2 {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	})
	problems := []struct {
		name   string
		q      url.Values
		status int
		typ    string
	}{
		{"unknown actor", url.Values{"seed": {"Nobody Known"}}, 404, "unknown-actor"},
		{"bad date", url.Values{"from": {"last spring"}}, 400, "bad-date"},
		{"bad depth", url.Values{"depth": {"two"}}, 400, "bad-parameter"},
		{"bad view", url.Values{"view": {"matrix"}}, 400, "bad-parameter"},
		{"bad gizmo", url.Values{"gizmo": {"g.V(("}}, 400, "bad-query"},
	}
	for _, tt := range problems {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(tt.q)
			var p struct{ Type, Detail string }
			_ = json.Unmarshal(rec.Body.Bytes(), &p)
			if rec.Code != tt.status || rec.Header().Get("Content-Type") != "application/problem+json" ||
				!strings.HasSuffix(p.Type, "/"+tt.typ) || p.Detail == "" {
				t.Errorf("status %d %s: %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
			}
		})
	}
}

func TestHandlerDeadline(t *testing.T) {
	h := network.Handler(openFixture(t))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/network", nil).WithContext(ctx))
	if rec.Code != http.StatusRequestTimeout || rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("canceled request: status %d: %s", rec.Code, rec.Body)
	}
}

func TestHandlerMetricsList(t *testing.T) {
	h := network.Handler(openFixture(t))
	get := func(metrics string) (int, network.Network) {
		rec := httptest.NewRecorder()
		q := url.Values{"participants": {"true"}, "metrics": {metrics}}
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/network?"+q.Encode(), nil))
		var n network.Network
		_ = json.Unmarshal(rec.Body.Bytes(), &n)
		return rec.Code, n
	}
	for _, tt := range []struct {
		metrics string
		want    []network.Metric
	}{
		{"", network.AllMetrics},
		{"true", network.AllMetrics},
		{"all", network.AllMetrics},
		{"pagerank, degree", []network.Metric{network.MetricDegree, network.MetricPageRank}},
		{"communities", []network.Metric{network.MetricCommunities}},
	} {
		t.Run("metrics="+tt.metrics, func(t *testing.T) {
			code, n := get(tt.metrics)
			if code != http.StatusOK || n.Summary == nil || len(n.Analytics.Metrics) != len(tt.want) {
				t.Fatalf("status %d, analytics %+v", code, n.Analytics)
			}
			for _, m := range tt.want {
				if !strings.Contains(fmt.Sprint(n.Analytics.Metrics), string(m)) {
					t.Errorf("summary metrics %v lack %s", n.Analytics.Metrics, m)
				}
			}
			if n.Analytics.BetweennessMax != network.DefaultOptions.BetweennessMax || n.Analytics.CommunitiesMax != network.DefaultOptions.CommunitiesMax {
				t.Errorf("limits not documented: %+v", n.Summary)
			}
		})
	}
	if code, n := get("false"); code != http.StatusOK || n.Summary != nil || n.Nodes[0].Metrics != nil {
		t.Errorf("metrics=false: status %d, summary %+v", code, n.Summary)
	}
	if code, _ := get("pagerank,closeness"); code != http.StatusBadRequest {
		t.Errorf("unknown metric: status %d, want 400", code)
	}
}
