module github.com/pricekit/pricekit

go 1.23.0

require github.com/shopspring/decimal v1.6.0
