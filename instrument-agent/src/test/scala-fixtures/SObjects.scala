package dev.coflow.scalafixtures

import dev.coflow.{Coroutine, Coroutines}
import scala.util.control.NonFatal

object SObjects {
  @Coroutine
  def helper(x: Int): Int = {
    val got: Integer = Coroutines.`yield`[Integer](s"helper $x")
    got + x
  }

  @Coroutine
  def body(): AnyRef = {
    var i = 0
    var sum = 0
    while (i < 3) {
      Coroutines.`yield`[AnyRef](Integer.valueOf(i))
      sum += i
      i += 1
    }
    val h = helper(10)
    val m = "a" match {
      case "a" => Coroutines.`yield`[AnyRef]("matched a"); 1
      case _ => 0
    }
    try {
      Coroutines.`yield`[AnyRef]("in try")
      throw new IllegalStateException("boom")
    } catch {
      case e: IllegalStateException => Coroutines.`yield`[AnyRef]("caught " + e.getMessage)
    } finally {
      Coroutines.`yield`[AnyRef]("finally")
    }
    s"sum $sum h $h m $m"
  }

  /** Catalogue 26: scalac's catch-all for NonFatal (catch Throwable, test, rethrow) around yields, one in the handler. */
  @Coroutine
  def nonFatal(): AnyRef = {
    var out = "none"
    try {
      Coroutines.`yield`[AnyRef]("before")
      throw new IllegalArgumentException("bad")
    } catch {
      case NonFatal(e) => out = "caught " + e.getMessage + " then " + Coroutines.`yield`[AnyRef]("in handler")
    }
    out
  }

  @Coroutine
  def forCalling(): AnyRef = {
    for (i <- 1 to 2) {
      helper(i)
    }
    "done"
  }

  @Coroutine
  def forLoop(): AnyRef = {
    for (i <- 1 to 2) {
      Coroutines.`yield`[AnyRef](Integer.valueOf(i))
    }
    "done"
  }

  @Coroutine
  def generated(): AnyRef = {
    val r: Runnable = () => {
      Coroutines.`yield`[AnyRef](Integer.valueOf(1))
      Coroutines.`yield`[AnyRef](Integer.valueOf(2))
    }
    val it = Coroutines.generate[Integer](r).iterator()
    var sum = 0
    while (it.hasNext) {
      val v: Integer = it.next()
      Coroutines.`yield`[AnyRef](Integer.valueOf(v * 10))
      sum += v
    }
    "sum " + sum
  }
}

/** A local lazy val whose initialiser yields (scalac's x$lzycompute, which locks the val's LazyRef), and the fix. */
object Lazy {
  @Coroutine
  def localLazy(): AnyRef = {
    lazy val x: AnyRef = Coroutines.`yield`[AnyRef]("init")
    Coroutines.`yield`[AnyRef]("before")
    "got " + x
  }

  @Coroutine
  def lazyCalling(): AnyRef = {
    lazy val x: Int = SObjects.helper(1)
    "got " + x
  }

  @Coroutine
  def plainVal(): AnyRef = {
    Coroutines.`yield`[AnyRef]("before")
    val x: AnyRef = Coroutines.`yield`[AnyRef]("init")
    "got " + x
  }
}

/** Catalogue 47 and 60: a trait's coroutine method, which scalac makes a default method with a static forwarder. */
trait Greets {
  @Coroutine
  def greet(name: String): String = {
    val got = Coroutines.`yield`[AnyRef]("greeting " + name)
    "hello " + name + " " + got
  }
}

/** Mixes the trait in: scalac gives it a forwarder, greet, that calls the trait's static Greets.greet$. */
class Greeter extends Greets

object Traits {
  @Coroutine
  def viaClass(): AnyRef = new Greeter().greet("class")

  @Coroutine
  def viaTrait(): AnyRef = {
    val g: Greets = new Greeter()
    g.greet("trait")
  }
}

/** Starts each coroutine from a Scala function (ScalaUnderAgentIT: strict mode refuses a start through a method handle). */
object Starts {
  private def of(f: java.util.function.Supplier[AnyRef]): dev.coflow.CoroutineHandle[AnyRef, AnyRef] =
    Coroutines.create[AnyRef, AnyRef](f)
  def body(): dev.coflow.CoroutineHandle[AnyRef, AnyRef] = of(() => SObjects.body())
  def nonFatal(): dev.coflow.CoroutineHandle[AnyRef, AnyRef] = of(() => SObjects.nonFatal())
  def trait_(): dev.coflow.CoroutineHandle[AnyRef, AnyRef] = of(() => Traits.viaClass())
}
