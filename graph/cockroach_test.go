package graph_test

import (
	"context"
	"net"
	"strings"
	"testing"

	"annals/graph"
)

// The cockroach kind runs only on CockroachDB (docker-compose.yml); what can be checked
// without one is that Open selects it and reports a wrong address clearly.
func TestOpenCockroachErrors(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close() // nothing listens there now

	tests := []struct {
		name, dsn, want string
	}{
		{"no DSN", "", "connect cockroach: no DSN"},
		{"nothing listening", "postgres://root@" + closed + "/annals?sslmode=disable", "connect cockroach:"},
		{"not a DSN", "postgres://root@[::1/annals", "connect cockroach:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := graph.Open(context.Background(), graph.Config{Kind: graph.KindCockroach, Addr: tt.dsn})
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}
