package invoice

import (
	"os"
	"testing"
)

func BenchmarkExplainOnly(b *testing.B) {
	data, _ := os.ReadFile("../examples/seat_upgrade.json")
	r, _ := DecodeRequest(data)
	inv, _ := Preview(r)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, l := range inv.Lines {
			_ = l.Explanation()
			_ = l.Description()
		}
	}
}
func BenchmarkParseTreeOnly(b *testing.B) {
	data, _ := os.ReadFile("../examples/seat_upgrade.json")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := parseTree(data); err != nil {
			b.Fatal(err)
		}
	}
}
func BenchmarkDecodeOnly(b *testing.B) {
	data, _ := os.ReadFile("../examples/seat_upgrade.json")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := DecodeRequest(data); err != nil {
			b.Fatal(err)
		}
	}
}
func BenchmarkEncodeOnly(b *testing.B) {
	data, _ := os.ReadFile("../examples/seat_upgrade.json")
	r, _ := DecodeRequest(data)
	inv, _ := Preview(r)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := inv.MarshalJSON(); err != nil {
			b.Fatal(err)
		}
	}
}
