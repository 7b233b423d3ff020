package io.github.secretsspringboot.sample;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Places and reads orders; charging one goes through the payment provider. */
@RestController
@RequestMapping("/orders")
class OrderController {

	private final OrderRepository orders;

	private final PaymentGateway payments;

	OrderController(OrderRepository orders, PaymentGateway payments) {
		this.orders = orders;
		this.payments = payments;
	}

	@PostMapping
	ResponseEntity<Order> place(@RequestBody NewOrder order) {
		if (order.item() == null || order.item().isBlank() || order.quantity() < 1) {
			return ResponseEntity.badRequest().build();
		}
		return ResponseEntity.status(HttpStatus.CREATED).body(this.orders.create(order.item(), order.quantity()));
	}

	@GetMapping("/{id}")
	ResponseEntity<Order> get(@PathVariable long id) {
		return ResponseEntity.of(this.orders.find(id));
	}

	@GetMapping
	List<Order> latest(@RequestParam(defaultValue = "20") int limit) {
		return this.orders.latest(Math.min(Math.max(limit, 1), 100));
	}

	@PostMapping("/{id}/charge")
	ResponseEntity<PaymentGateway.Receipt> charge(@PathVariable long id) {
		return this.orders.find(id)
			.map((order) -> ResponseEntity.ok(this.payments.charge(order)))
			.orElse(ResponseEntity.notFound().build());
	}

	record NewOrder(String item, int quantity) {
	}

}
