package graph

import "context"

// AbandonBulk ends b's session without Finish, as a load killed mid-way does: the
// advisory lock goes with the connection and what b dropped stays listed.
func AbandonBulk(b *Bulk) { b.conn.Close(context.Background()) }
