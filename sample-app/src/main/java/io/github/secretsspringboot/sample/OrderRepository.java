package io.github.secretsspringboot.sample;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Orders in PostgreSQL, through the pool whose credentials the starter keeps current. */
@Repository
class OrderRepository {

	private final JdbcClient jdbc;

	OrderRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Order create(String item, int quantity) {
		return this.jdbc.sql(
				"INSERT INTO orders (item, quantity) VALUES (:item, :quantity) RETURNING id, item, quantity, created_at")
			.param("item", item)
			.param("quantity", quantity)
			.query(OrderRepository::order)
			.single();
	}

	Optional<Order> find(long id) {
		return this.jdbc.sql("SELECT id, item, quantity, created_at FROM orders WHERE id = :id")
			.param("id", id)
			.query(OrderRepository::order)
			.optional();
	}

	List<Order> latest(int limit) {
		return this.jdbc.sql("SELECT id, item, quantity, created_at FROM orders ORDER BY id DESC LIMIT :limit")
			.param("limit", limit)
			.query(OrderRepository::order)
			.list();
	}

	private static Order order(java.sql.ResultSet row, int rowNumber) throws java.sql.SQLException {
		Timestamp createdAt = row.getTimestamp("created_at");
		return new Order(row.getLong("id"), row.getString("item"), row.getInt("quantity"), createdAt.toInstant());
	}

}
