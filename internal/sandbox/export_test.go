package sandbox

import "time"

// SetRecoverWait sets how long Watch waits for the queries of a kill to stop.
func SetRecoverWait(w *Watchdog, d time.Duration) { w.recoverWait = d }

// Hold is hold, for tests: it keeps a killed query counted, as a VM that does not stop.
var Hold = hold
