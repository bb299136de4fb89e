package previewjson

import (
	"fmt"
	"reflect"
)

// The wire types of an issued invoice: a Stripe Invoice object as the API returns it
// (API versions before 2025-03-31 and after), or this format's own response. Both
// shapes decode into the same types: a field of one shape is absent (or null) in
// the other. The class of every field is in REFERENCE.md ("Issued invoices").

type invoiceWire struct {
	Object objectName[isInvoice] `json:"object"`

	ID                   ident                `json:"id"`
	Currency             text                 `json:"currency"`
	Lines                lineList             `json:"lines"`
	Subtotal             integer              `json:"subtotal" hint:"amount"`
	TotalDiscountAmounts []discountAmountWire `json:"total_discount_amounts" max:"10000"`
	TotalDiscountAmount  integer              `json:"total_discount_amount" hint:"amount"`
	Tax                  integer              `json:"tax" hint:"amount"`
	TotalTaxAmounts      []taxAmountWire      `json:"total_tax_amounts" max:"10000"`
	TotalTaxes           []taxWire            `json:"total_taxes" max:"10000"`
	Total                integer              `json:"total" hint:"amount"`
	AmountDue            integer              `json:"amount_due" hint:"amount"`
	PrePaymentCredit     integer              `json:"pre_payment_credit_notes_amount" hint:"amount"`
	StatusTransitions    *statusTransitions   `json:"status_transitions"`
	Status               issuedStatus         `json:"status" why:"a void invoice billed nothing: leave it out"`
	AmountPaid           integer              `json:"amount_paid" hint:"amount"`

	AmountShipping           unsupported[offZero] `json:"amount_shipping" why:"shipping is not computed"`
	ShippingCost             unsupported[offNone] `json:"shipping_cost" why:"shipping is not computed"`
	TotalPretaxCreditAmounts []pretaxCreditWire   `json:"total_pretax_credit_amounts" max:"10000"`

	AccountCountry               ignored `json:"account_country"`
	AccountName                  ignored `json:"account_name"`
	AccountTaxIDs                ignored `json:"account_tax_ids"`
	AmountOverpaid               ignored `json:"amount_overpaid"`
	AmountRemaining              ignored `json:"amount_remaining"`
	Application                  ignored `json:"application"`
	ApplicationFeeAmount         ignored `json:"application_fee_amount"`
	AttemptCount                 ignored `json:"attempt_count"`
	Attempted                    ignored `json:"attempted"`
	AutoAdvance                  ignored `json:"auto_advance"`
	AutomaticTax                 ignored `json:"automatic_tax"`
	AutomaticallyFinalizesAt     ignored `json:"automatically_finalizes_at"`
	BillingReason                ignored `json:"billing_reason"`
	Charge                       ignored `json:"charge"`
	CollectionMethod             ignored `json:"collection_method"`
	ConfirmationSecret           ignored `json:"confirmation_secret"`
	Created                      ignored `json:"created"`
	CustomFields                 ignored `json:"custom_fields"`
	Customer                     ignored `json:"customer"`
	CustomerAccount              ignored `json:"customer_account"`
	CustomerAddress              ignored `json:"customer_address"`
	CustomerEmail                ignored `json:"customer_email"`
	CustomerName                 ignored `json:"customer_name"`
	CustomerPhone                ignored `json:"customer_phone"`
	CustomerShipping             ignored `json:"customer_shipping"`
	CustomerTaxExempt            ignored `json:"customer_tax_exempt"`
	CustomerTaxIDs               ignored `json:"customer_tax_ids"`
	DefaultPaymentMethod         ignored `json:"default_payment_method"`
	DefaultSource                ignored `json:"default_source"`
	DefaultTaxRates              ignored `json:"default_tax_rates"`
	Description                  ignored `json:"description"`
	Discount                     ignored `json:"discount"`
	Discounts                    ignored `json:"discounts"`
	DueDate                      ignored `json:"due_date"`
	EffectiveAt                  ignored `json:"effective_at"`
	EndingBalance                ignored `json:"ending_balance"`
	Footer                       ignored `json:"footer"`
	FromInvoice                  ignored `json:"from_invoice"`
	HostedInvoiceURL             ignored `json:"hosted_invoice_url"`
	InvoicePDF                   ignored `json:"invoice_pdf"`
	Issuer                       ignored `json:"issuer"`
	LastFinalizationError        ignored `json:"last_finalization_error"`
	LatestRevision               ignored `json:"latest_revision"`
	Livemode                     ignored `json:"livemode"`
	Metadata                     ignored `json:"metadata"`
	NextPaymentAttempt           ignored `json:"next_payment_attempt"`
	Number                       ignored `json:"number"`
	OnBehalfOf                   ignored `json:"on_behalf_of"`
	Paid                         ignored `json:"paid"`
	PaidOutOfBand                ignored `json:"paid_out_of_band"`
	Parent                       ignored `json:"parent"`
	PaymentIntent                ignored `json:"payment_intent"`
	PaymentSettings              ignored `json:"payment_settings"`
	Payments                     ignored `json:"payments"`
	PeriodEnd                    ignored `json:"period_end"`
	PeriodStart                  ignored `json:"period_start"`
	PostPaymentCreditNotesAmount ignored `json:"post_payment_credit_notes_amount"`
	Quote                        ignored `json:"quote"`
	ReceiptNumber                ignored `json:"receipt_number"`
	Rendering                    ignored `json:"rendering"`
	RenderingOptions             ignored `json:"rendering_options"`
	ShippingDetails              ignored `json:"shipping_details"`
	StartingBalance              ignored `json:"starting_balance"`
	StatementDescriptor          ignored `json:"statement_descriptor"`
	Subscription                 ignored `json:"subscription"`
	SubscriptionDetails          ignored `json:"subscription_details"`
	SubscriptionProrationDate    ignored `json:"subscription_proration_date"`
	SubtotalExcludingTax         ignored `json:"subtotal_excluding_tax"`
	TestClock                    ignored `json:"test_clock"`
	ThresholdReason              ignored `json:"threshold_reason"`
	TotalExcludingTax            ignored `json:"total_excluding_tax"`
	TransferData                 ignored `json:"transfer_data"`
	UnappliedDiscounts           ignored `json:"unapplied_discounts"`
	BilledLater                  ignored `json:"billed_later"`
	Forecast                     ignored `json:"forecast"`
	WebhooksDeliveredAt          ignored `json:"webhooks_delivered_at"`
}

// statusTransitions is Stripe's status_transitions: paid_at is read (revenue
// recognition splits credit notes at it), the other instants are ignored.
type statusTransitions struct {
	PaidAt timestamp `json:"paid_at"`

	FinalizedAt           ignored `json:"finalized_at"`
	MarkedUncollectibleAt ignored `json:"marked_uncollectible_at"`
	VoidedAt              ignored `json:"voided_at"`
}

// lineList is an invoice's lines: Stripe's list object or a plain array.
type lineList struct {
	set   bool
	list  bool // a list object: the lines' paths go through data
	lines []*lineWire
}

type lineListWire struct {
	Object     objectName[isList] `json:"object"`
	Data       []*lineWire        `json:"data" max:"100000"`
	HasMore    flag               `json:"has_more"`
	TotalCount ignored            `json:"total_count"`
	URL        ignored            `json:"url"`
}

func (l *lineList) decodeJSON(d *decoder, raw []byte) error {
	*l = lineList{}
	switch raw[0] {
	case 'n':
		return nil
	case '[':
		l.set = true
		if d.fast {
			return d.decodeValue(raw, &l.lines)
		}
		return d.array(raw, reflectValue(&l.lines), maxIssuedLines)
	case '{':
		var o lineListWire
		if err := d.decodeValue(raw, &o); err != nil {
			return err
		}
		if o.HasMore.v {
			return &PathError{Path: "has_more", Err: fmt.Errorf("%w: true: the list of lines is truncated: fetch it whole (auto-pagination of the invoice's lines)", ErrInvalidValue)}
		}
		l.set, l.list, l.lines = true, true, o.Data
		if l.lines == nil {
			return &PathError{Path: "data", Err: ErrMissingField}
		}
		return nil
	}
	return fmt.Errorf("%w: want an array or a list object, got %s", ErrInvalidValue, kindOf(raw))
}

// lineWire is one invoice line: Stripe's line item of either API shape, or a line
// of this format's response.
type lineWire struct {
	Object objectName[isLineItem] `json:"object"`

	Amount           integer              `json:"amount" hint:"amount"`
	Quantity         decimalNum           `json:"quantity"`
	Proration        flag                 `json:"proration"`
	SubscriptionItem ident                `json:"subscription_item"`
	Price            issuedPriceRef       `json:"price"`
	Period           *periodWire          `json:"period"`
	DiscountAmounts  []discountAmountWire `json:"discount_amounts" max:"1000"`
	TaxAmounts       []taxAmountWire      `json:"tax_amounts" max:"1000"`
	Taxes            []taxWire            `json:"taxes" max:"1000"`
	Parent           *lineParentWire      `json:"parent"`
	Pricing          *linePricingWire     `json:"pricing"`
	Type             text                 `json:"type"`

	PretaxCreditAmounts []pretaxCreditWire `json:"pretax_credit_amounts" max:"1000"`

	ID                     ignored `json:"id"`
	AmountExcludingTax     ignored `json:"amount_excluding_tax"`
	Currency               ignored `json:"currency"`
	Description            ignored `json:"description"`
	Discountable           ignored `json:"discountable"`
	Discounts              ignored `json:"discounts"`
	Explanation            ignored `json:"explanation"`
	ExplanationSteps       ignored `json:"explanation_steps"`
	Invoice                ignored `json:"invoice"`
	InvoiceItem            ignored `json:"invoice_item"`
	Livemode               ignored `json:"livemode"`
	Metadata               ignored `json:"metadata"`
	Plan                   ignored `json:"plan"`
	ProrationDetails       ignored `json:"proration_details"`
	Subscription           ignored `json:"subscription"`
	TaxRates               ignored `json:"tax_rates"`
	UnitAmountExcludingTax ignored `json:"unit_amount_excluding_tax"`
}

type periodWire struct {
	Start timestamp `json:"start"`
	End   timestamp `json:"end"`
}

// lineParentWire is a line's parent (API 2025-03-31 on): what the line bills.
type lineParentWire struct {
	Type                    text                  `json:"type"`
	SubscriptionItemDetails *subscriptionItemWire `json:"subscription_item_details"`
	InvoiceItemDetails      ignored               `json:"invoice_item_details"`
}

type subscriptionItemWire struct {
	Proration        flag  `json:"proration"`
	SubscriptionItem ident `json:"subscription_item"`

	InvoiceItem      ignored `json:"invoice_item"`
	ProrationDetails ignored `json:"proration_details"`
	Subscription     ignored `json:"subscription"`
}

// linePricingWire is a line's pricing (API 2025-03-31 on).
type linePricingWire struct {
	Type         text              `json:"type"`
	PriceDetails *priceDetailsWire `json:"price_details"`

	UnitAmountDecimal ignored `json:"unit_amount_decimal"`
}

type priceDetailsWire struct {
	Price issuedPriceRef `json:"price"`

	Product ignored `json:"product"`
}

// discountAmountWire is what one discount took off: `discount` is a Stripe
// Discount's id (di_…), an expanded Discount, or (this format) a coupon's id.
type discountAmountWire struct {
	Amount   integer           `json:"amount" hint:"amount"`
	Discount issuedDiscountRef `json:"discount"`
}

// taxAmountWire is a tax amount of API versions before 2025-03-31 (and of this
// format).
type taxAmountWire struct {
	Amount        integer          `json:"amount" hint:"amount"`
	Inclusive     flag             `json:"inclusive"`
	TaxRate       issuedTaxRateRef `json:"tax_rate"`
	TaxableAmount integer          `json:"taxable_amount" hint:"amount"`

	TaxabilityReason ignored `json:"taxability_reason"`
}

// taxWire is a tax of API 2025-03-31 on (`taxes`, `total_taxes`).
type taxWire struct {
	Amount         integer         `json:"amount" hint:"amount"`
	TaxBehavior    text            `json:"tax_behavior"`
	TaxRateDetails *taxRateDetails `json:"tax_rate_details"`
	TaxableAmount  integer         `json:"taxable_amount" hint:"amount"`
	Type           text            `json:"type"`

	TaxabilityReason ignored `json:"taxability_reason"`
}

type taxRateDetails struct {
	TaxRate issuedTaxRateRef `json:"tax_rate"`
}

// pretaxCreditWire is a credit applied before tax (API 2025-03-31 on): a discount,
// which discount_amounts also lists, or a credit balance transaction (billing
// credits), which is not computed.
type pretaxCreditWire struct {
	Amount                   integer `json:"amount" hint:"amount"`
	Type                     text    `json:"type"`
	Discount                 ignored `json:"discount"`
	CreditBalanceTransaction ignored `json:"credit_balance_transaction"`
}

// issuedPriceRef is a line's price: its id, or the expanded Price, of which only
// the id is read (the line's amounts are given).
type issuedPriceRef struct {
	set bool
	id  ident
}

// issuedPriceWire is an expanded Price on an issued line: its id is read, every
// other field ignored.
type issuedPriceWire struct {
	Object objectName[isPrice] `json:"object"`
	ID     ident               `json:"id"`

	Active            ignored `json:"active"`
	BillingScheme     ignored `json:"billing_scheme"`
	Created           ignored `json:"created"`
	Currency          ignored `json:"currency"`
	CurrencyOptions   ignored `json:"currency_options"`
	CustomUnitAmount  ignored `json:"custom_unit_amount"`
	Livemode          ignored `json:"livemode"`
	LookupKey         ignored `json:"lookup_key"`
	Metadata          ignored `json:"metadata"`
	Nickname          ignored `json:"nickname"`
	Product           ignored `json:"product"`
	Recurring         ignored `json:"recurring"`
	TaxBehavior       ignored `json:"tax_behavior"`
	Tiers             ignored `json:"tiers"`
	TiersMode         ignored `json:"tiers_mode"`
	TransformQuantity ignored `json:"transform_quantity"`
	Type              ignored `json:"type"`
	UnitAmount        ignored `json:"unit_amount"`
	UnitAmountDecimal ignored `json:"unit_amount_decimal"`
}

// issuedPriceID is what the fast path decodes of an expanded Price: the fields of
// issuedPriceWire that are not ignored.
type issuedPriceID struct {
	Object objectName[isPrice] `json:"object"`
	ID     ident               `json:"id"`
}

func (p *issuedPriceRef) decodeJSON(d *decoder, raw []byte) error {
	*p = issuedPriceRef{}
	switch raw[0] {
	case 'n':
		return nil
	case '"':
		p.set = true
		return p.id.UnmarshalJSON(raw)
	case '{':
		if d.fast { // the pre-pass found every key a field: only id and object need decoding
			var w issuedPriceID
			if err := d.decodeValue(raw, &w); err != nil {
				return err
			}
			p.set, p.id = true, w.ID
			return nil
		}
		var w issuedPriceWire
		if err := d.decodeValue(raw, &w); err != nil {
			return err
		}
		p.set, p.id = true, w.ID
		return nil
	}
	return fmt.Errorf("%w: want a price id or a Price object, got %s", ErrInvalidValue, kindOf(raw))
}

// issuedTaxRateRef is a tax amount's rate: its id, or the expanded TaxRate.
type issuedTaxRateRef = idOrObject[taxRateWire, taxRateNames]

type taxRateNames struct{}

func (taxRateNames) want() string { return "a tax rate id or a TaxRate object" }

// issuedDiscountRef is a discount amount's discount: an id, or an expanded Discount.
type issuedDiscountRef = idOrObject[discountWire, discountNames]

type discountNames struct{}

func (discountNames) want() string { return "a discount id or a Discount object" }

// offIssuedStatus: the statuses of an invoice that billed its lines.
type offIssuedStatus struct{}

func (offIssuedStatus) offValues() []string {
	return []string{`"draft"`, `"open"`, `"paid"`, `"uncollectible"`}
}

type (
	isInvoice  struct{}
	isLineItem struct{}
)

func (isInvoice) objectName() string  { return "invoice" }
func (isLineItem) objectName() string { return "line_item" }

// The fast path's entry points and the pre-pass's schemas of the values above that
// take several forms.

func (l *lineList) UnmarshalJSON(raw []byte) error       { return l.decodeJSON(fast, raw) }
func (p *issuedPriceRef) UnmarshalJSON(raw []byte) error { return p.decodeJSON(fast, raw) }

func (*issuedPriceRef) schemaFor(kind byte) reflect.Type { return objectOnly[issuedPriceWire](kind) }

func (*lineList) schemaFor(kind byte) reflect.Type {
	switch kind {
	case '[':
		return reflect.TypeFor[[]*lineWire]()
	case '{':
		return reflect.TypeFor[lineListWire]()
	}
	return nil
}
