// Package deploy holds the checks of annals' deployment files at the repository root:
// docker-compose.yml (a PostgreSQL primary and streaming replica, two annals instances
// following the replica, HAProxy) and the Dockerfile.
// Docker cannot run on the machines that test annals, so the tests read both files,
// check that they agree with each other and with the annals command line, build the
// binary the way the Dockerfile does, and run the container's command against a real
// PostgreSQL when ANNALS_TEST_POSTGRES names one.
package deploy
